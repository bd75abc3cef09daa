// Keeps one broken page (or a chunk that failed to load after a deploy) from blanking the app.

import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="出错了 / Something went wrong"
        subTitle={this.state.error.message}
        extra={<Button onClick={() => location.reload()}>重新加载 / Reload</Button>}
      />
    );
  }
}

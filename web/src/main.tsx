import { createRoot } from 'react-dom/client';

function App() {
  return <h1>颐养 · 智慧养老服务平台</h1>;
}

createRoot(document.getElementById('root')!).render(<App />);

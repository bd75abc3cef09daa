// A blind re-score: the same four dimension pages and level modifiers, without the first result;
// after submitting, the comparison with the original is shown.

import { Alert, App as AntApp, Button, Card, Descriptions, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { ITEMS } from '../../../../src/domain/assessment/scale.ts';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import { ItemsForm } from './ItemsForm.tsx';
import { type RescoreOutcome, RISK_TEXT, type RiskKind } from './shared.ts';
import './assessment.css';

export default function RescorePage() {
  const { id } = useParams();
  const { tx } = usePrefs();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Record<string, number>>({});
  const [coma, setComa] = useState(false);
  const [diagnoses, setDiagnoses] = useState<string[]>([]);
  const [risks, setRisks] = useState<Record<RiskKind, number>>({
    fall: 0,
    wandering: 0,
    choking: 0,
    selfHarm: 0,
    other: 0,
  });
  const [page, setPage] = useState(0);
  const [outcome, setOutcome] = useState<RescoreOutcome | null>(null);
  const complete = ITEMS.every((i) => items[i.code] !== undefined);

  const submit = async () => {
    try {
      setOutcome(
        await api<RescoreOutcome>(`/recheck-items/${id}/rescore`, {
          method: 'POST',
          body: { items, coma, diagnoses, riskEvents30d: risks },
        }),
      );
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  if (outcome)
    return (
      <Card title={tx({ zh: '复评完成', en: 'Re-score done' })}>
        <Descriptions bordered column={1}>
          <Descriptions.Item label={tx({ zh: '复评', en: 'Re-check' })}>
            {outcome.total} / {tx({ zh: '等级', en: 'level' })} {outcome.finalLevel}
          </Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '原评估', en: 'Original' })}>
            {outcome.original.total} / {tx({ zh: '等级', en: 'level' })} {outcome.original.finalLevel}
          </Descriptions.Item>
        </Descriptions>
        {outcome.reviewId && (
          <Alert
            style={{ marginTop: 16 }}
            type="warning"
            showIcon
            message={tx({ zh: '差异较大，已提交复核', en: 'Large disagreement: a review was opened' })}
          />
        )}
      </Card>
    );

  return (
    <Card
      title={tx({ zh: '抽查复评（盲评）', en: 'Blind re-check' })}
      extra={<Typography.Text type="secondary">GB/T 42195-2022</Typography.Text>}
    >
      <ItemsForm
        items={items}
        onPick={(c, s) => setItems({ ...items, [c]: s })}
        page={page}
        onPage={setPage}
        extraPages={[{ zh: '提交', en: 'Submit' }]}
        tx={tx}
      />
      {page === 4 && (
        <Space direction="vertical" size="large">
          <Space>
            {tx({ zh: '昏迷', en: 'Coma' })}
            <Switch checked={coma} disabled={items['B.3.9'] !== 0} onChange={setComa} />
          </Space>
          <Select
            mode="tags"
            size="large"
            style={{ minWidth: 320 }}
            value={diagnoses}
            tokenSeparators={[',', '，', ' ']}
            onChange={(d: string[]) => setDiagnoses(d.map((x) => x.toUpperCase()))}
            placeholder={tx({ zh: '精神科诊断 ICD-10', en: 'Psychiatric diagnoses, ICD-10' })}
          />
          <Space wrap>
            {(Object.keys(RISK_TEXT) as RiskKind[]).map((k) => (
              <span key={k}>
                {tx(RISK_TEXT[k])}{' '}
                <InputNumber
                  size="large"
                  min={0}
                  max={99}
                  value={risks[k]}
                  onChange={(v) => setRisks({ ...risks, [k]: v ?? 0 })}
                />
              </span>
            ))}
          </Space>
          <Button type="primary" size="large" disabled={!complete} onClick={submit}>
            {tx({ zh: '提交复评', en: 'Submit re-score' })}
          </Button>
        </Space>
      )}
      <Space className="yy-assess-nav" style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
        <Button size="large" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {tx({ zh: '上一页', en: 'Previous' })}
        </Button>
        {page < 4 && (
          <Button size="large" type="primary" onClick={() => setPage(page + 1)}>
            {tx({ zh: '下一页', en: 'Next' })}
          </Button>
        )}
      </Space>
    </Card>
  );
}

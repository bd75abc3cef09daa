// The assessor's tablet form: four dimension pages, a page of facts that change the level (coma,
// diagnoses, care-risk events), rehabilitation needs and 体适能, then submit and sign. Answers are
// saved whenever the assessor turns a page, so a dropped connection loses at most one page.

import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ITEMS } from '../../../../src/domain/assessment/scale.ts';
import { REHAB_AREAS, type RehabArea } from '../../../../src/domain/assessment/sections.ts';
import { ApiError, api } from '../../api.ts';
import { useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { navigate, useParams } from '../../router.tsx';
import { ItemsForm } from './ItemsForm.tsx';
import {
  type Assessment,
  type AssessmentResult,
  LEVEL_COLORS,
  RISK_TEXT,
  type RiskKind,
  STATUS_TEXT,
} from './shared.ts';
import './assessment.css';

const EXTRA = [
  { zh: '提级', en: 'Modifiers' },
  { zh: '康复', en: 'Rehab' },
  { zh: '签名', en: 'Sign' },
];
const AREA_TEXT: Record<string, { zh: string; en: string }> = {
  mobility: { zh: '肢体活动', en: 'Mobility' },
  balance_falls: { zh: '平衡/防跌倒', en: 'Balance & falls' },
  swallowing: { zh: '吞咽', en: 'Swallowing' },
  speech: { zh: '言语', en: 'Speech' },
  cognition: { zh: '认知', en: 'Cognition' },
  continence: { zh: '二便', en: 'Continence' },
  pain: { zh: '疼痛', en: 'Pain' },
  daily_living: { zh: '日常生活', en: 'Daily living' },
  other: { zh: '其他', en: 'Other' },
};
const FITNESS_FIELDS: [string, { zh: string; en: string }, number, number][] = [
  ['gripStrengthKg', { zh: '握力 (kg)', en: 'Grip (kg)' }, 0, 100],
  ['chairStand30s', { zh: '30 秒坐站 (次)', en: '30-s chair stand' }, 0, 60],
  ['timedUpAndGoS', { zh: '起立行走 (秒)', en: 'Timed up-and-go (s)' }, 0, 300],
  ['sixMinuteWalkM', { zh: '6 分钟步行 (米)', en: '6-min walk (m)' }, 0, 1000],
  ['singleLegStandS', { zh: '单脚站立 (秒)', en: 'Single-leg stand (s)' }, 0, 300],
  ['gaitSpeedMS', { zh: '步速 (米/秒)', en: 'Gait speed (m/s)' }, 0, 3],
];

export default function FormPage() {
  const { id } = useParams();
  const { tx, lang } = usePrefs();
  const user = useUser();
  const { message } = AntApp.useApp();
  const [a, setA] = useState<Assessment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [preview, setPreview] = useState<AssessmentResult | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Assessment>(`/assessments/${id}`).then(
      (x) => (x.status === 'signed' ? navigate(`/assessments/${x.id}`, { replace: true }) : setA(x)),
      (e) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [id]);

  const complete = a ? ITEMS.every((i) => a.items[i.code] !== undefined) : false;
  useEffect(() => {
    if (!a || !complete || page !== 6) return;
    api<AssessmentResult>('/assessments/score', {
      method: 'POST',
      body: {
        standard: 'GB/T 42195-2022',
        items: a.items,
        coma: a.coma,
        diagnoses: a.diagnoses,
        riskEvents30d: a.riskEvents30d,
      },
    }).then(setPreview, () => setPreview(null));
  }, [a, complete, page]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!a)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const draft = a.status === 'draft';
  const mine = a.assessors.some((x) => x.id === user.id);
  const signedByMe = a.signatures.some((s) => s.userId === user.id);

  const change = (patch: Partial<Assessment>) => setA({ ...a, ...patch });
  const save = async () => {
    if (!draft || !mine) return a;
    const saved = await api<Assessment>(`/assessments/${a.id}`, {
      method: 'PATCH',
      body: {
        items: a.items,
        coma: a.coma,
        diagnoses: a.diagnoses,
        riskEvents30d: a.riskEvents30d,
        rehabNeeds: a.rehabNeeds,
        fitness: a.fitness,
        ...(a.assessedOn ? { assessedOn: a.assessedOn } : {}),
        ...(a.place ? { place: a.place } : {}),
      },
    });
    setA(saved);
    return saved;
  };
  const turn = async (to: number) => {
    try {
      await save();
      setPage(to);
      window.scrollTo({ top: 0 });
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };
  const act = async (path: string, done: string) => {
    setBusy(true);
    try {
      if (path === 'submit') await save();
      const next = await api<Assessment>(`/assessments/${a.id}/${path}`, {
        method: 'POST',
        body: path === 'return' ? {} : undefined,
      });
      void message.success(done);
      if (next.status === 'signed') navigate(`/assessments/${next.id}`);
      else setA(next);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const risk = (k: RiskKind) => (
    <Form.Item key={k} label={tx(RISK_TEXT[k])}>
      <InputNumber
        size="large"
        min={0}
        max={99}
        value={a.riskEvents30d[k]}
        disabled={!draft}
        onChange={(v) => change({ riskEvents30d: { ...a.riskEvents30d, [k]: v ?? 0 } })}
        data-testid={`risk-${k}`}
      />
    </Form.Item>
  );

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="assess-title">
            {tx({ zh: '能力评估', en: 'Capability assessment' })}：{a.elderName}
          </span>
          <Tag color={draft ? 'blue' : 'orange'}>{tx(STATUS_TEXT[a.status]!)}</Tag>
          {a.supersedesId && (
            <Tag color="purple">
              {tx({ zh: `更正评估 #${a.supersedesId}`, en: `Correction of #${a.supersedesId}` })}
            </Tag>
          )}
        </Space>
      }
      extra={<Typography.Text type="secondary">GB/T 42195-2022</Typography.Text>}
    >
      <ItemsForm
        items={a.items}
        onPick={(code, score) => change({ items: { ...a.items, [code]: score } })}
        page={page}
        onPage={turn}
        extraPages={EXTRA}
        tx={tx}
        disabled={!draft || !mine}
      />
      {page === 4 && (
        <Form layout="vertical" size="large">
          <Form.Item label={tx({ zh: '昏迷（意识水平为 0 分且为昏迷）', en: 'Coma (consciousness 0, in a coma)' })}>
            <Switch
              checked={a.coma}
              disabled={!draft || a.items['B.3.9'] !== 0}
              onChange={(coma) => change({ coma })}
              data-testid="coma"
            />
          </Form.Item>
          <Form.Item
            label={tx({
              zh: '精神科诊断（ICD-10，如 F01、F20），以逗号分隔',
              en: 'Psychiatric diagnoses (ICD-10, e.g. F01, F20), comma-separated',
            })}
          >
            <Select
              mode="tags"
              size="large"
              value={a.diagnoses}
              disabled={!draft}
              tokenSeparators={[',', '，', ' ']}
              onChange={(d: string[]) => change({ diagnoses: d.map((x) => x.toUpperCase()) })}
              data-testid="diagnoses"
            />
          </Form.Item>
          <Typography.Title level={5}>
            {tx({ zh: '近 30 天照护风险事件次数', en: 'Care-risk events in the last 30 days' })}
          </Typography.Title>
          <Space wrap size="large">
            {(Object.keys(RISK_TEXT) as RiskKind[]).map(risk)}
          </Space>
          <Space wrap size="large">
            <Form.Item label={tx({ zh: '评估日期', en: 'Date' })}>
              <DatePicker
                value={a.assessedOn ? dayjs(a.assessedOn) : null}
                disabled={!draft}
                onChange={(d) => change({ assessedOn: d ? d.format('YYYY-MM-DD') : null })}
              />
            </Form.Item>
            <Form.Item label={tx({ zh: '评估地点', en: 'Place' })}>
              <Input
                value={a.place ?? ''}
                disabled={!draft}
                onChange={(e) => change({ place: e.target.value })}
                style={{ minWidth: 260 }}
              />
            </Form.Item>
          </Space>
        </Form>
      )}
      {page === 5 && (
        <Form layout="vertical" size="large">
          <Form.Item label={tx({ zh: '康复需求', en: 'Rehabilitation needs' })}>
            <Checkbox.Group
              disabled={!draft}
              value={a.rehabNeeds?.needs.map((n) => n.area) ?? []}
              onChange={(areas) =>
                change({
                  rehabNeeds: {
                    ...(a.rehabNeeds ?? {}),
                    needs: (areas as RehabArea[]).map(
                      (area) => a.rehabNeeds?.needs.find((n) => n.area === area) ?? { area, priority: 'medium' },
                    ),
                  },
                })
              }
              options={REHAB_AREAS.map((r) => ({ value: r, label: tx(AREA_TEXT[r]!) }))}
            />
          </Form.Item>
          <Typography.Title level={5}>
            {tx({ zh: '体适能（体检结果）', en: 'Physical fitness (check-up)' })}
          </Typography.Title>
          <Space wrap size="large">
            <Form.Item label={tx({ zh: '检测日期', en: 'Tested on' })}>
              <DatePicker
                disabled={!draft}
                value={a.fitness?.testedOn ? dayjs(String(a.fitness.testedOn)) : null}
                onChange={(d) =>
                  change({ fitness: d ? { ...(a.fitness ?? {}), testedOn: d.format('YYYY-MM-DD') } : null })
                }
              />
            </Form.Item>
            {FITNESS_FIELDS.map(([key, label, min, max]) => (
              <Form.Item key={key} label={tx(label)}>
                <InputNumber
                  min={min}
                  max={max}
                  disabled={!draft || !a.fitness?.testedOn}
                  value={(a.fitness?.[key] as number | undefined) ?? null}
                  onChange={(v) =>
                    change({
                      fitness: { ...(a.fitness ?? {}), [key]: v ?? undefined } as Record<string, number | string>,
                    })
                  }
                />
              </Form.Item>
            ))}
          </Space>
        </Form>
      )}
      {page === 6 && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          {!complete && (
            <Alert
              type="warning"
              showIcon
              message={tx({
                zh: '还有未作答的项目，请回到对应维度补全。',
                en: 'Some items are unanswered: go back to their dimension.',
              })}
            />
          )}
          {(a.result ?? preview) && (
            <Descriptions bordered column={1} size="middle" data-testid="preview">
              <Descriptions.Item label={tx({ zh: '总分', en: 'Total' })}>
                {(a.result ?? preview)!.total} / 90
              </Descriptions.Item>
              <Descriptions.Item label={tx({ zh: '初步等级', en: 'Preliminary level' })}>
                {(a.result ?? preview)!.preliminaryLevel}
              </Descriptions.Item>
              <Descriptions.Item label={tx({ zh: '最终等级', en: 'Final level' })}>
                <Tag
                  color={LEVEL_COLORS[(a.result ?? preview)!.finalLevel]}
                  style={{ fontSize: 16, padding: '4px 10px' }}
                >
                  {(a.result ?? preview)!.finalLevel} {tx((a.result ?? preview)!.levelName)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={tx({ zh: '等级变更依据', en: 'Reasons' })}>
                {(a.result ?? preview)!.reasons.map((r) => (lang === 'en' ? r.en : r.zh)).join('；') || '—'}
              </Descriptions.Item>
            </Descriptions>
          )}
          <Typography.Text>
            {tx({ zh: '签名', en: 'Signatures' })}：
            {a.signatures.map((s) => `${s.name}（${s.certificateNo}）`).join('、') || '—'}
          </Typography.Text>
          <Space wrap className="yy-assess-nav">
            {draft && mine && (
              <Button
                type="primary"
                size="large"
                disabled={!complete}
                loading={busy}
                onClick={() =>
                  act('submit', tx({ zh: '已提交，请两位评估员签名', en: 'Submitted: both assessors now sign' }))
                }
                data-testid="submit"
              >
                {tx({ zh: '提交', en: 'Submit' })}
              </Button>
            )}
            {a.status === 'submitted' && mine && !signedByMe && (
              <Button
                type="primary"
                size="large"
                loading={busy}
                onClick={() => act('sign', tx({ zh: '已签名', en: 'Signed' }))}
                data-testid="sign"
              >
                {tx({ zh: '我确认并签名', en: 'I confirm and sign' })}
              </Button>
            )}
            {a.status === 'submitted' && mine && (
              <Button
                size="large"
                loading={busy}
                onClick={() => act('return', tx({ zh: '已退回修改', en: 'Returned for changes' }))}
              >
                {tx({ zh: '退回修改', en: 'Return for changes' })}
              </Button>
            )}
          </Space>
        </Space>
      )}
      <Space className="yy-assess-nav" style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
        <Button size="large" disabled={page === 0} onClick={() => turn(page - 1)}>
          {tx({ zh: '上一页', en: 'Previous' })}
        </Button>
        {page < 6 && (
          <Button size="large" type="primary" onClick={() => turn(page + 1)} data-testid="next">
            {tx({ zh: '下一页', en: 'Next' })}
          </Button>
        )}
      </Space>
    </Card>
  );
}

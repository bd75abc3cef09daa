// An assessment's result and its printable report: level, reasons, the four dimensions as a table
// and a radar chart, every answer with its wording, rehabilitation and fitness sections, the
// assessors' signatures (with lines for wet signatures on paper), and the elder's history.

import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Modal,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { DIMENSIONS, ITEMS } from '../../../../src/domain/assessment/scale.ts';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { Link, navigate, useParams } from '../../router.tsx';
import { DimensionRadar } from './RadarChart.tsx';
import { type Assessment, type HistoryView, LEVEL_COLORS, STATUS_TEXT, useResource, when } from './shared.ts';
import './assessment.css';

export default function ResultPage() {
  const { id } = useParams();
  const { tx, lang, elderMode } = usePrefs();
  const { message } = AntApp.useApp();
  const { data: a, error } = useResource<Assessment>(`/assessments/${id}`);
  const { data: history } = useResource<HistoryView>(a ? `/elders/${a.elderId}/assessments` : null);
  const [correcting, setCorrecting] = useState(false);
  const [note, setNote] = useState('');

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!a)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  const r = a.result;

  const correct = async () => {
    try {
      const c = await api<Assessment>(`/assessments/${a.id}/corrections`, { method: 'POST', body: { note } });
      navigate(`/assessments/${c.id}/edit`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const itemRows = ITEMS.map((item) => ({
    key: item.code,
    code: item.code,
    name: tx(item),
    score: a.items[item.code],
    wording: item.options.find((o) => o.score === a.items[item.code]),
  }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="result-title">
              {tx({ zh: '老年人能力评估报告', en: 'Capability assessment report' })}
            </span>
            <Tag>{a.standard}</Tag>
            <Tag color={a.status === 'signed' ? 'green' : 'orange'}>{tx(STATUS_TEXT[a.status]!)}</Tag>
          </Space>
        }
        extra={
          <Space wrap className="yy-no-print">
            {a.status !== 'signed' && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/assessments/${a.id}/edit`)}>
                {tx({ zh: '继续评估', en: 'Continue' })}
              </Button>
            )}
            {a.status === 'signed' && !a.supersededById && (
              <Button onClick={() => setCorrecting(true)}>{tx({ zh: '发起更正', en: 'Correct' })}</Button>
            )}
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
              {tx({ zh: '打印报告', en: 'Print' })}
            </Button>
          </Space>
        }
      >
        {a.supersededById && (
          <Alert
            className="yy-no-print"
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={
              <Link to={`/assessments/${a.supersededById}`}>
                {tx({
                  zh: `本评估已被更正评估 #${a.supersededById} 取代`,
                  en: `Superseded by correction #${a.supersededById}`,
                })}
              </Link>
            }
          />
        )}
        {a.supersedesId && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={`${tx({ zh: '更正评估，取代', en: 'Correction of' })} #${a.supersedesId}：${a.correctionNote ?? ''}`}
          />
        )}
        <Descriptions
          bordered
          size={elderMode ? 'default' : 'small'}
          column={{ xs: 1, md: 2, xl: 3 }}
          className="yy-report-section"
        >
          <Descriptions.Item label={tx({ zh: '老人', en: 'Elder' })}>{a.elderName}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '评估日期', en: 'Date' })}>{a.assessedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '评估地点', en: 'Place' })}>{a.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '评估编号', en: 'No.' })}>#{a.id}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '规则版本', en: 'Rules version' })}>
            {r?.rulesVersion ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '总分', en: 'Total' })}>{r ? `${r.total} / 90` : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      {r && (
        <Card title={tx({ zh: '评估结论', en: 'Result' })} className="yy-report-section">
          <Row gutter={[24, 16]}>
            <Col xs={24} lg={12}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <div>
                  <Typography.Text type="secondary">{tx({ zh: '能力等级', en: 'Level' })}</Typography.Text>
                  <div>
                    <Tag
                      color={LEVEL_COLORS[r.finalLevel]}
                      style={{ fontSize: elderMode ? 24 : 20, padding: '8px 14px', marginTop: 6 }}
                      data-testid="final-level"
                    >
                      {r.finalLevel} {tx({ zh: '级', en: '' })} · {tx(r.levelName)}
                    </Tag>
                  </div>
                  <Typography.Text>
                    {tx({ zh: '初步等级', en: 'Preliminary level' })}：{r.preliminaryLevel}
                  </Typography.Text>
                </div>
                {r.reasons.length > 0 && (
                  <ul data-testid="reasons" style={{ margin: 0, paddingInlineStart: 20 }}>
                    {r.reasons.map((x) => (
                      <li key={x.code}>{lang === 'en' ? x.en : x.zh}</li>
                    ))}
                  </ul>
                )}
                <Table
                  size="small"
                  pagination={false}
                  rowKey="code"
                  dataSource={DIMENSIONS.map((d) => ({
                    code: d.code,
                    name: tx(d),
                    score: r.dimensions[d.code],
                    max: d.max,
                  }))}
                  columns={[
                    { title: tx({ zh: '维度', en: 'Dimension' }), render: (_, d) => `${d.code} ${d.name}` },
                    { title: tx({ zh: '得分', en: 'Score' }), dataIndex: 'score', align: 'right' },
                    { title: tx({ zh: '满分', en: 'Max' }), dataIndex: 'max', align: 'right' },
                  ]}
                />
              </Space>
            </Col>
            <Col xs={24} lg={12}>
              <DimensionRadar
                series={[{ name: a.elderName, dimensions: r.dimensions }]}
                lang={lang}
                big={elderMode}
                label={tx({ zh: '四个维度得分雷达图', en: 'Radar chart of the four dimensions' })}
              />
            </Col>
          </Row>
        </Card>
      )}

      <Card title={tx({ zh: '评估项目', en: 'Items' })} className="yy-report-section">
        <Table
          size="small"
          pagination={false}
          dataSource={itemRows}
          columns={[
            { title: tx({ zh: '编号', en: 'Code' }), dataIndex: 'code', width: 80 },
            { title: tx({ zh: '项目', en: 'Item' }), dataIndex: 'name', width: 160 },
            { title: tx({ zh: '得分', en: 'Score' }), dataIndex: 'score', width: 70, align: 'right' },
            { title: tx({ zh: '情况', en: 'Answer' }), render: (_, x) => (x.wording ? tx(x.wording) : '—') },
          ]}
        />
        {(a.coma || a.diagnoses.length > 0) && (
          <Typography.Paragraph style={{ marginTop: 12 }}>
            {a.coma && <Tag color="red">{tx({ zh: '昏迷', en: 'Coma' })}</Tag>}
            {a.diagnoses.length > 0 && `${tx({ zh: '诊断', en: 'Diagnoses' })}：${a.diagnoses.join('、')}`}
          </Typography.Paragraph>
        )}
        {a.rehabNeeds && a.rehabNeeds.needs.length > 0 && (
          <Typography.Paragraph>
            {tx({ zh: '康复需求', en: 'Rehabilitation needs' })}：{a.rehabNeeds.needs.map((n) => n.area).join('、')}
          </Typography.Paragraph>
        )}
        {a.fitness && (
          <Typography.Paragraph>
            {tx({ zh: '体适能', en: 'Fitness' })}：
            {Object.entries(a.fitness)
              .map(([k, v]) => `${k} ${v}`)
              .join('；')}
          </Typography.Paragraph>
        )}
      </Card>

      <Card title={tx({ zh: '评估员签名', en: 'Signatures' })} className="yy-report-section" data-testid="signatures">
        <Table
          size="small"
          pagination={false}
          rowKey="userId"
          dataSource={a.signatures}
          columns={[
            { title: tx({ zh: '评估员', en: 'Assessor' }), dataIndex: 'name' },
            { title: tx({ zh: '资格证书编号', en: 'Certificate' }), dataIndex: 'certificateNo' },
            { title: tx({ zh: '签名时间', en: 'Signed at' }), render: (_, s) => when(s.signedAt) },
            {
              title: tx({ zh: '内容摘要', en: 'Content hash' }),
              render: (_, s) => <code>{s.contentHash.slice(0, 16)}…</code>,
            },
          ]}
        />
        <div className="yy-print-only" style={{ marginTop: 24 }}>
          {a.assessors.map((x) => (
            <p key={x.id}>
              {tx({ zh: '评估员', en: 'Assessor' })} {x.name}：<span className="yy-signature-line" />
            </p>
          ))}
          <p>
            {tx({ zh: '老人或监护人', en: 'Elder or guardian' })}：<span className="yy-signature-line" />{' '}
            {tx({ zh: '日期', en: 'Date' })}：<span className="yy-signature-line" />
          </p>
        </div>
      </Card>

      {history && (
        <Card title={tx({ zh: '评估历史', en: 'History' })} className="yy-no-print" data-testid="history">
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={history.assessments}
            columns={[
              { title: '#', render: (_, h) => <Link to={`/assessments/${h.id}`}>{h.id}</Link> },
              { title: tx({ zh: '日期', en: 'Date' }), dataIndex: 'assessedOn' },
              { title: tx({ zh: '状态', en: 'Status' }), render: (_, h) => tx(STATUS_TEXT[h.status]!) },
              { title: tx({ zh: '总分', en: 'Total' }), dataIndex: 'total' },
              { title: tx({ zh: '等级', en: 'Level' }), dataIndex: 'finalLevel' },
              {
                title: tx({ zh: '更正关系', en: 'Corrections' }),
                render: (_, h) =>
                  [h.supersedesId && `→ #${h.supersedesId}`, h.supersededById && `⟵ #${h.supersededById}`]
                    .filter(Boolean)
                    .join(' '),
              },
            ]}
          />
          {history.legacy.map((l) => (
            <Typography.Paragraph key={l.id} style={{ marginTop: 8 }}>
              <Tag>{l.standard}</Tag> {l.assessedOn} · {tx(l.levelName)}（
              {tx({ zh: '旧标准，仅供参考', en: 'old standard, for reference' })}）
            </Typography.Paragraph>
          ))}
        </Card>
      )}

      <Modal
        open={correcting}
        title={tx({ zh: '发起更正评估', en: 'Correct this assessment' })}
        onCancel={() => setCorrecting(false)}
        onOk={correct}
        okButtonProps={{ disabled: !note.trim() }}
      >
        <Typography.Paragraph>
          {tx({
            zh: '已签署的评估不可修改。更正将新建一份评估，签署后取代本评估，两份均保留在历史中。',
            en: 'A signed assessment cannot change. A correction is a new assessment that supersedes this one once signed; both stay in the history.',
          })}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={tx({ zh: '更正原因', en: 'Reason' })}
        />
      </Modal>
    </Space>
  );
}

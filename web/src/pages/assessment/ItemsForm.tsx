// The GB/T 42195-2022 answers, one dimension a page: each item a card, each option a large touch
// target with its full wording and score. A sticky bar keeps the live subtotals in view.
import { Card, Progress, Radio, Space, Steps, Tag, Typography } from 'antd';
import { dimensionScores } from '../../../../src/domain/assessment/rules.ts';
import { DIMENSIONS, ITEMS, maxScore } from '../../../../src/domain/assessment/scale.ts';
import type { Text } from '../../i18n.ts';
import type { Dimension } from './shared.ts';

export interface ItemsFormProps {
  items: Record<string, number>;
  onPick(code: string, score: number): void;
  /** Index into the pages: 0–3 the dimensions, then any extra pages. */
  page: number;
  onPage(page: number): void;
  extraPages?: Text[];
  tx(text: Text): string;
  disabled?: boolean;
}

export const answeredIn = (items: Record<string, number>, dim: Dimension) =>
  ITEMS.filter((i) => i.dimension === dim && items[i.code] !== undefined).length;

export function SubtotalBar({ items, tx }: { items: Record<string, number>; tx(text: Text): string }) {
  const dims = dimensionScores(items);
  const answered = ITEMS.filter((i) => items[i.code] !== undefined).length;
  const total = DIMENSIONS.reduce((s, d) => s + dims[d.code], 0);
  return (
    <Space wrap size="large" data-testid="subtotals">
      {DIMENSIONS.map((d) => (
        <span key={d.code}>
          {d.code} {tx(d)}：<strong data-testid={`subtotal-${d.code}`}>{dims[d.code]}</strong> / {d.max}
        </span>
      ))}
      <span>
        {tx({ zh: '总分', en: 'Total' })}：<strong data-testid="subtotal-total">{total}</strong> / 90
      </span>
      <Tag color={answered === ITEMS.length ? 'green' : 'orange'}>
        {tx({ zh: '已答', en: 'Answered' })} {answered}/{ITEMS.length}
      </Tag>
    </Space>
  );
}

export function ItemsForm({ items, onPick, page, onPage, extraPages = [], tx, disabled }: ItemsFormProps) {
  const dim = DIMENSIONS[page];
  const steps = [
    ...DIMENSIONS.map((d) => {
      const n = ITEMS.filter((i) => i.dimension === d.code).length;
      const done = answeredIn(items, d.code);
      // Short titles: seven steps must fit a tablet's width without truncation.
      return {
        title: d.code,
        description: `${done}/${n}`,
        status: (done === n ? 'finish' : 'wait') as 'finish' | 'wait',
      };
    }),
    ...extraPages.map((p) => ({ title: tx(p), description: '', status: 'wait' as const })),
  ];
  return (
    <>
      <div className="yy-assess-bar">
        <Steps
          className="yy-assess-steps"
          current={page}
          onChange={onPage}
          items={steps}
          size="small"
          responsive={false}
          style={{ marginBottom: 12 }}
        />
        <SubtotalBar items={items} tx={tx} />
      </div>
      {dim &&
        ITEMS.filter((i) => i.dimension === dim.code).map((item) => (
          <Card
            key={item.code}
            className={`yy-assess-item${items[item.code] === undefined ? ' yy-assess-missing' : ''}`}
            title={
              <span>
                <Typography.Text type="secondary">{item.code}</Typography.Text> {tx(item)}
              </span>
            }
            extra={
              <span>
                {items[item.code] ?? '—'} / {maxScore(item)}
              </span>
            }
            data-testid={`item-${item.code}`}
          >
            <Radio.Group
              value={items[item.code]}
              onChange={(e) => onPick(item.code, e.target.value as number)}
              disabled={disabled}
              className="yy-assess-options"
            >
              {item.options.map((o) => (
                <Radio
                  key={o.score}
                  value={o.score}
                  className="yy-assess-option"
                  data-testid={`option-${item.code}-${o.score}`}
                >
                  <span className="yy-assess-score">{o.score} 分</span>
                  {tx(o)}
                </Radio>
              ))}
            </Radio.Group>
          </Card>
        ))}
      {dim && (
        <Progress
          percent={Math.round(
            (answeredIn(items, dim.code) / ITEMS.filter((i) => i.dimension === dim.code).length) * 100,
          )}
          showInfo={false}
          style={{ marginBottom: 8 }}
        />
      )}
    </>
  );
}

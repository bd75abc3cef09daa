// One institution: profile, star, live occupancy and warnings, then beds, residents, staff, star
// record and (for public institutions) the admission waiting list, each in a tab.

import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Rate, Row, Skeleton, Space, Statistic, Tabs, Tag } from 'antd';
import type { InstitutionDetail } from '../../../../src/domain/institutions/schemas.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { useParams } from '../../router.tsx';
import { BedsBoard } from './BedsBoard.tsx';
import { QueueTab } from './QueueTab.tsx';
import { ResidentsTab } from './ResidentsTab.tsx';
import { StaffTab } from './StaffTab.tsx';
import { StarTab } from './StarTab.tsx';
import { OFFICERS, pct, useLoad } from './shared.ts';

const MEDICAL = {
  none: { zh: '无', en: 'None' },
  in_house: { zh: '内设医疗机构', en: 'In-house medical unit' },
  partner_hospital: { zh: '签约合作医院', en: 'Partner hospital' },
};

export default function InstitutionPage() {
  const { id } = useParams();
  const { tx, elderMode } = usePrefs();
  const user = useUser();
  const { data: inst, error, reload } = useLoad<InstitutionDetail>(`/institutions/${id}`);
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        message={error}
        action={<Button onClick={() => history.back()}>{tx({ zh: '返回', en: 'Back' })}</Button>}
      />
    );
  if (!inst)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const officer = hasAnyRole(user, OFFICERS);
  const operator = officer || user.grants.some((g) => g.role === 'institution_staff' && g.organisationId === inst.id);
  const p = inst.profile;
  const o = inst.occupancy;
  const isInstitution = inst.kind === 'institution';
  const publicList = isInstitution && (inst.ownership === 'public' || inst.ownership === 'public_built_private_run');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => history.back()}
              aria-label={tx({ zh: '返回', en: 'Back' })}
            />
            <span data-testid="institution-name">{inst.name}</span>
            <Tag>{inst.kindLabel}</Tag>
            {inst.ownershipLabel && <Tag color="green">{inst.ownershipLabel}</Tag>}
            {p?.isTownshipHome && <Tag color="orange">{tx({ zh: '敬老院', en: 'Township home' })}</Tag>}
            {inst.star ? <Rate disabled value={inst.star} style={{ fontSize: 16 }} /> : null}
          </Space>
        }
      >
        {inst.warnings.map((w) => (
          <Alert
            key={w.code}
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            message={w.message}
            description={elderMode ? undefined : w.source}
            data-testid={`warning-${w.code}`}
          />
        ))}
        {isInstitution && (
          <Row gutter={[16, 16]} style={{ margin: '8px 0 16px' }}>
            <Col xs={12} md={4}>
              <Statistic className="yy-stat" title={tx({ zh: '床位', en: 'Beds' })} value={o.total} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic className="yy-stat" title={tx({ zh: '在住', en: 'Occupied' })} value={o.occupied} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic className="yy-stat" title={tx({ zh: '空闲', en: 'Free' })} value={o.free} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic className="yy-stat" title={tx({ zh: '预留', en: 'Reserved' })} value={o.reserved} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                className="yy-stat"
                title={tx({ zh: '入住率', en: 'Occupancy' })}
                value={pct(o.occupancyRate)}
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                className="yy-stat"
                title={tx({ zh: '护理型占比', en: 'Nursing share' })}
                value={pct(o.nursingShare)}
              />
            </Col>
          </Row>
        )}
        <Descriptions bordered size={elderMode ? 'default' : 'small'} column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={tx({ zh: '辖区', en: 'Jurisdiction' })}>{inst.jurisdictionCode}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '地址', en: 'Address' })}>{inst.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item
            label={tx({ zh: '核定床位（护理型）', en: 'Registered beds (nursing)' })}
          >{`${inst.bedCount}（${inst.nursingBedCount}）`}</Descriptions.Item>
          {p && (
            <>
              <Descriptions.Item label={tx({ zh: '医养结合', en: 'Medical care' })}>
                {tx(MEDICAL[p.medicalMode])}
                {p.medicalUnitName ? `：${p.medicalUnitName}` : ''}
                {p.partnerHospital ? `：${p.partnerHospital}（${p.partnerFrom} – ${p.partnerTo ?? ''}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={tx({ zh: '康复室', en: 'Rehab room' })}>
                {p.hasRehabRoom ? '✓' : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tx({ zh: '记忆家园', en: 'Dementia unit' })}>
                {p.hasDementiaUnit ? '✓' : '—'}
              </Descriptions.Item>
            </>
          )}
          <Descriptions.Item label={tx({ zh: '在住人数', en: 'Residents' })}>{inst.residents}</Descriptions.Item>
          <Descriptions.Item label={tx({ zh: '星级', en: 'Star' })}>
            {inst.currentStar
              ? `${inst.currentStar.star} ★（${inst.currentStar.evaluatedOn} – ${inst.currentStar.validUntil}）`
              : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {isInstitution && (
        <Card>
          <Tabs
            items={[
              {
                key: 'beds',
                label: tx({ zh: '床位', en: 'Beds' }),
                children: <BedsBoard inst={inst} operator={operator} onChange={reload} />,
              },
              {
                key: 'residents',
                label: tx({ zh: '在住老人', en: 'Residents' }),
                children: <ResidentsTab organisationId={inst.id} />,
              },
              { key: 'staff', label: tx({ zh: '员工', en: 'Staff' }), children: <StaffTab organisationId={inst.id} /> },
              {
                key: 'star',
                label: tx({ zh: '星级评定', en: 'Star rating' }),
                children: <StarTab organisationId={inst.id} canRecord={officer} onChange={reload} />,
              },
              ...(publicList
                ? [
                    {
                      key: 'queue',
                      label: tx({ zh: '入院轮候', en: 'Waiting list' }),
                      children: <QueueTab organisationId={inst.id} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

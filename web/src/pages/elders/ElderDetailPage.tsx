// One elder: every field, the elder code with its QR code, flags, contacts and archiving.

import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Grid, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { REGISTRY_WRITERS } from '../../../../src/domain/identity/permissions.ts';
import { ApiError, api } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { usePrefs } from '../../prefs.tsx';
import { navigate, useParams } from '../../router.tsx';
import { ArchiveButton } from './ArchiveButton.tsx';
import { ContactsCard } from './ContactsCard.tsx';
import { ElderRecordCards } from './ElderRecordCards.tsx';
import { FlagsCard } from './FlagsCard.tsx';
import { type ElderDetail, STATUS_COLORS } from './shared.ts';

/** A place by its name, with its code in grey after it (the code alone where the name is unknown). */
function PlaceName({ name, code }: { name: string | null; code: string }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {name ? `${name} ` : ''}
      <Typography.Text type="secondary">{code}</Typography.Text>
    </span>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

export default function ElderDetailPage() {
  const { id } = useParams();
  const { t, elderMode } = usePrefs();
  const user = useUser();
  const [elder, setElder] = useState<ElderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // On a phone, labels above values: side by side they push the page wider than the screen.
  const wide = Grid.useBreakpoint().md ?? true;

  useEffect(() => {
    const controller = new AbortController();
    api<ElderDetail>(`/elders/${id}`, { signal: controller.signal }).then(setElder, (err) => {
      if (!controller.signal.aborted) setError(err instanceof ApiError ? err.message : String(err));
    });
    return () => controller.abort();
  }, [id]);

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        message={error}
        action={<Button onClick={() => navigate('/elders')}>{t('common.back')}</Button>}
      />
    );
  if (!elder)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const editable = elder.status === 'active' && hasAnyRole(user, REGISTRY_WRITERS);
  const status = <Tag color={STATUS_COLORS[elder.status]}>{t(`status.${elder.status}` as 'status.active')}</Tag>;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => history.back()}
              aria-label={t('common.back')}
            />
            <span data-testid="elder-name">{elder.name}</span>
            {status}
          </Space>
        }
        extra={
          editable && (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => navigate(`/elders/${elder.id}/edit`)}>
                {t('common.edit')}
              </Button>
              <ArchiveButton elder={elder} onArchived={setElder} />
            </Space>
          )
        }
      >
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={17} xl={18}>
            <Descriptions
              bordered
              layout={wide ? 'horizontal' : 'vertical'}
              size={elderMode ? 'default' : 'small'}
              column={
                elderMode
                  ? { xs: 1, sm: 1, md: 1, lg: 1, xl: 1, xxl: 2 }
                  : { xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 3 }
              }
              labelStyle={{ whiteSpace: 'nowrap' }}
            >
              <Descriptions.Item label={t('field.elderCode')}>
                <Typography.Text copyable style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
                  {elder.elderCode}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.idNumber')}>
                <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{elder.idNumber}</span>
                {elder.idNumberMasked && <Tag style={{ marginInlineStart: 8 }}>{t('detail.masked')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.sex')}>{t(`sex.${elder.sex}`)}</Descriptions.Item>
              <Descriptions.Item label={t(elder.birthDate ? 'field.birthDate' : 'field.age')}>
                {elder.birthDate
                  ? `${elder.birthDate}（${t('form.ageYears', { age: elder.age })}）`
                  : t('form.ageYears', { age: elder.age })}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.phone')}>{elder.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('field.status')}>{status}</Descriptions.Item>
              <Descriptions.Item label={t('field.community')}>
                {elder.communityName ?? ''} <Typography.Text type="secondary">{elder.communityCode}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={`${t('field.district')} / ${t('field.street')}`}>
                <PlaceName name={elder.districtName} code={elder.districtCode} /> /{' '}
                <PlaceName name={elder.streetName} code={elder.streetCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('field.address')} span="filled">
                {elder.address}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.hukouCode')}>
                {elder.hukouCode ? <PlaceName name={elder.hukouName} code={elder.hukouCode} /> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.location')}>
                {elder.lat != null && elder.lng != null ? `${elder.lat.toFixed(5)}, ${elder.lng.toFixed(5)}` : '—'}
              </Descriptions.Item>
              {elder.archivedOn && (
                <Descriptions.Item label={t('field.archivedOn')}>{elder.archivedOn}</Descriptions.Item>
              )}
              {elder.archiveReason && (
                <Descriptions.Item label={t('field.archiveReason')}>{elder.archiveReason}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('field.createdAt')}>{when(elder.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.updatedAt')}>{when(elder.updatedAt)}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} lg={7} xl={6} style={{ textAlign: 'center' }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('detail.qr')}
            </Typography.Title>
            <img
              className="yy-qr"
              src={`/api/v1/elders/${elder.id}/qr.svg`}
              alt={`${t('detail.qr')} ${elder.elderCode}`}
            />
            <Typography.Text
              strong
              style={{ fontFamily: 'monospace', fontSize: elderMode ? 22 : 16 }}
              data-testid="elder-code"
            >
              {elder.elderCode}
            </Typography.Text>
          </Col>
        </Row>
      </Card>
      <ElderRecordCards elderId={elder.id} />
      <FlagsCard elder={elder} editable={editable} onChange={setElder} />
      <ContactsCard elder={elder} editable={editable} onChange={setElder} />
    </Space>
  );
}

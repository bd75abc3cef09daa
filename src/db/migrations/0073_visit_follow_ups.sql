-- 探访 findings as data and the follow-ups they open. A recorded visit's findings name risk items
-- from this catalogue (names in zh and en, and the follow-up each usually asks for); a finding that
-- asks for a follow-up (an assessment request, a home-care order suggestion, a device installation
-- request) opens one, listed per community until someone closes it.
CREATE TABLE visit_risk_items (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{0,39}$'),
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  follow_up  text CHECK (follow_up IN ('assessment', 'homecare_order', 'device')),
  sort       integer NOT NULL,
  active     boolean NOT NULL DEFAULT true
);
INSERT INTO visit_risk_items (code, name_zh, name_en, follow_up, sort) VALUES
  ('health_decline', '健康状况下降', 'Declining health', 'assessment', 10),
  ('fall_risk', '跌倒风险', 'Risk of falling', 'device', 20),
  ('no_carer', '无人照料', 'No one to care for them', 'homecare_order', 30),
  ('unsafe_home', '居家环境不安全', 'Unsafe home', 'device', 40),
  ('financial_hardship', '经济困难', 'Financial hardship', NULL, 50),
  ('loneliness', '孤独、情绪低落', 'Loneliness, low mood', NULL, 60),
  ('needs_device', '需要安装呼叫或监测设备', 'Needs a call or monitoring device', 'device', 70),
  ('other', '其他', 'Other', NULL, 99);

CREATE TABLE visit_follow_ups (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id        bigint NOT NULL REFERENCES visit_tasks (id),
  -- The finding's place in the task's findings: one follow-up per finding.
  finding_index  integer NOT NULL CHECK (finding_index >= 0),
  elder_id       bigint NOT NULL REFERENCES elders (id),
  community_code text NOT NULL,
  district_code  text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('assessment', 'homecare_order', 'device')),
  risk_item      text NOT NULL REFERENCES visit_risk_items (code),
  note           text,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  opened_by      bigint REFERENCES users (id),
  opened_at      timestamptz NOT NULL DEFAULT now(),
  closed_by      bigint REFERENCES users (id),
  closed_at      timestamptz,
  close_note     text,
  UNIQUE (task_id, finding_index),
  CHECK ((status = 'done') = (closed_at IS NOT NULL))
);
CREATE INDEX visit_follow_ups_community_idx ON visit_follow_ups (community_code text_pattern_ops, status);

-- Elder search by the last digits of a phone or an ID number (手机号 / 身份证后几位).
-- A suffix is a prefix of the reversed value: btree indexes on the reversed expressions with
-- text_pattern_ops serve `reverse(…) LIKE 'digits%'` under any collation. The queries in
-- src/domain/elders/service.ts use exactly these expressions; change both together.
CREATE INDEX elders_id_number_reverse_idx ON elders (reverse(id_number) text_pattern_ops);
CREATE INDEX elders_phone_reverse_idx ON elders (reverse(replace(phone, '-', '')) text_pattern_ops);

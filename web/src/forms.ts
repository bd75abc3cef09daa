// Puts a server error where the user is looking: on the form field it names, else in a toast.
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError } from './api.ts';

/**
 * Shows `errors[]` (or `field`) of an ApiError on the matching fields of `form`; anything that names
 * no field of this form goes to `toast`. Returns true when at least one field got its message.
 */
export function showServerErrors(
  form: FormInstance,
  err: unknown,
  toast: MessageInstance,
  aliases: Record<string, string> = {},
): boolean {
  if (!(err instanceof ApiError)) {
    void toast.error(String(err));
    return false;
  }
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const problems = err.errors.length
    ? err.errors
    : err.field
      ? [{ field: err.field, code: err.code, message: err.message }]
      : [];
  const byField = new Map<string, string[]>();
  for (const p of problems) {
    const name = aliases[p.field] ?? p.field;
    if (known.has(name)) byField.set(name, [...(byField.get(name) ?? []), p.message]);
  }
  if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  else void toast.error(err.message);
  return byField.size > 0;
}

// A cascader over the division tree below the user's own jurisdictions (district → street →
// community), loaded level by level from GET /jurisdictions?parent=CODE. Its value is one code.

import { Cascader } from 'antd';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import type { Role } from '../../../src/domain/identity/roles.ts';
import { api } from '../api.ts';
import { jurisdictionsOf, useUser } from '../auth.tsx';

interface Jurisdiction {
  code: string;
  name: string;
  level: string;
}

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

export interface JurisdictionPickerProps {
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Only a community (the last level) can be picked: registration needs one. */
  communityOnly?: boolean;
  /** Whose grants bound the tree (defaults to every role with a jurisdiction). */
  roles?: readonly Role[];
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
}

/** District, street and community prefixes of a code: '330102001051' → ['330102', '330102001', '330102001051']. */
const chainOf = (code: string) => [6, 9, 12].filter((n) => n <= code.length).map((n) => code.slice(0, n));

export function JurisdictionPicker({
  value,
  onChange,
  communityOnly,
  roles,
  placeholder,
  style,
  id,
}: JurisdictionPickerProps) {
  const user = useUser();
  const grants = useMemo(() => jurisdictionsOf(user, roles), [user, roles]);
  const [roots, setRoots] = useState<Jurisdiction[]>([]);
  /** Whether the top level lists the grants themselves (several grants, or one community) or the children of one grant. */
  const [rootsAreGrants, setRootsAreGrants] = useState(false);
  const [children, setChildren] = useState<Record<string, Jurisdiction[]>>({});

  useEffect(() => {
    let live = true;
    (async () => {
      const nodes = await Promise.all(grants.map((code) => api<Jurisdiction>(`/jurisdictions/${code}`)));
      const single = nodes.length === 1 && nodes[0]!.level !== 'community';
      const top = single ? await api<Jurisdiction[]>('/jurisdictions', { query: { parent: nodes[0]!.code } }) : nodes;
      if (live) {
        setRootsAreGrants(!single);
        setRoots(top);
      }
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [grants]);

  const loadChildren = async (code: string) => {
    if (children[code]) return;
    const list = await api<Jurisdiction[]>('/jurisdictions', { query: { parent: code } });
    setChildren((c) => ({ ...c, [code]: list }));
  };

  // The cascader shows a path; the form holds one code. Work out the path below the visible top.
  const path = useMemo(() => {
    if (!value) return [];
    const chain = chainOf(value);
    const at = chain.findIndex((c) => (rootsAreGrants ? grants.includes(c) : roots.some((r) => r.code === c)));
    return at >= 0 ? chain.slice(at) : [];
  }, [value, roots, grants, rootsAreGrants]);

  // An initial value (editing an elder) needs its ancestors' children loaded to show names.
  useEffect(() => {
    for (const code of path.slice(0, -1)) void loadChildren(code).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path.join()]);

  const toOption = (j: Jurisdiction): Option => ({
    value: j.code,
    label: j.name,
    isLeaf: j.level === 'community',
    children: children[j.code]?.map(toOption),
  });
  const options = roots.map(toOption);

  return (
    <Cascader<Option>
      id={id}
      style={style}
      options={options}
      value={path}
      placeholder={placeholder}
      changeOnSelect={!communityOnly}
      allowClear
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last) void loadChildren(String(last.value)).catch(() => undefined);
      }}
      onChange={(p) => onChange?.(p?.length ? String(p[p.length - 1]) : undefined)}
    />
  );
}

import { Select, type SelectProps } from 'antd';
import { useCallback, useState } from 'react';
import { listDepartments } from '../api/org';
import { useAccess, type DepartmentOption } from '../auth/access';
import { useT } from '../i18n/context';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { useQuery } from '../shared/useQuery';

const SEARCH_LIMIT = 20;

export type DepartmentSelectProps = Omit<
  SelectProps<string>,
  'options' | 'showSearch' | 'loading' | 'mode'
> & {
  /** Departments to offer before any search, such as the current value, so that it shows its name. */
  known?: DepartmentOption[];
  /** A department not to offer, such as the department being edited (it cannot be its own parent). */
  exclude?: string;
};

interface Option {
  value: string;
  label: string;
}

const toOption = ({ id, name }: DepartmentOption): Option => ({ value: id, label: name });

/** Picks one department, searching the server as the user types. */
export function DepartmentSelect({ known = [], exclude, onChange, ...props }: DepartmentSelectProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Option | null>(null);
  const q = useDebouncedValue(search);
  const fetcher = useCallback(
    (signal: AbortSignal) => listDepartments({ q, limit: SEARCH_LIMIT }, signal),
    [q],
  );
  const { data, loading } = useQuery(fetcher);

  const candidates = [
    ...known.map(toOption),
    ...(picked ? [picked] : []),
    ...(data?.items ?? []).map(toOption),
  ];
  const options = candidates.filter(
    (option, index) =>
      option.value !== exclude && candidates.findIndex((o) => o.value === option.value) === index,
  );

  return (
    <Select<string, Option>
      placeholder={t('departments.select')}
      allowClear
      {...props}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={loading}
      options={options}
      onChange={(value, option) => {
        setPicked(Array.isArray(option) ? null : (option ?? null));
        onChange?.(value, option);
      }}
    />
  );
}

/**
 * Picks a department the signed-in user may act for: any (searching) for a platform administrator,
 * else one of the departments they are steward of.
 */
export function ScopedDepartmentSelect({ known, exclude, ...props }: DepartmentSelectProps) {
  const t = useT();
  const { departmentScope } = useAccess();
  if (departmentScope === 'all') return <DepartmentSelect known={known} exclude={exclude} {...props} />;
  return (
    <Select<string, Option>
      placeholder={t('departments.select')}
      {...props}
      options={departmentScope.map(toOption)}
    />
  );
}

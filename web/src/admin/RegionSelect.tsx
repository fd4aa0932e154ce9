import { Select, type SelectProps } from 'antd';
import { listRegions, type Region } from '../api/org';
import { useQuery } from '../shared/useQuery';

/** The city and its districts and counties: the levels a department can belong to. */
async function fetchDepartmentRegions(signal: AbortSignal): Promise<Region[]> {
  const [city, districts] = await Promise.all([
    listRegions('city', undefined, signal),
    listRegions('district', undefined, signal),
  ]);
  return [...city.items, ...districts.items];
}

export function RegionSelect(
  props: Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading' | 'mode'>,
) {
  const { data, loading } = useQuery(fetchDepartmentRegions);
  const options = (data ?? []).map(({ code, name }) => ({ value: code, label: `${name} ${code}` }));
  return (
    <Select<string>
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={loading}
      options={options}
    />
  );
}

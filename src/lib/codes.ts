/**
 * National standard code tables that departments' records carry as codes: a golden record keeps the code the
 * sources agree on (what other systems match and exchange), and people read its name.
 */

export type CodeTableName = 'GB/T 2261.1' | 'GB/T 2261.2' | 'GB/T 3304';

/** GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码, in the standard's order (01–56), and its two extra codes. */
const ETHNIC_GROUPS =
  '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 ' +
  '佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 ' +
  '阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 ' +
  '珞巴族 基诺族';

export const CODE_TABLES: Record<CodeTableName, { title: string; codes: ReadonlyMap<string, string> }> = {
  'GB/T 2261.1': {
    title: '人的性别代码',
    codes: new Map([
      ['0', '未知的性别'],
      ['1', '男'],
      ['2', '女'],
      ['9', '未说明的性别'],
    ]),
  },
  'GB/T 2261.2': {
    title: '婚姻状况代码',
    codes: new Map([
      ['10', '未婚'],
      ['20', '已婚'],
      ['21', '初婚'],
      ['22', '再婚'],
      ['23', '复婚'],
      ['30', '丧偶'],
      ['40', '离婚'],
      ['90', '未说明的婚姻状况'],
    ]),
  },
  'GB/T 3304': {
    title: '中国各民族名称代码',
    codes: new Map([
      ...ETHNIC_GROUPS.split(' ').map(
        (name, i) => [String(i + 1).padStart(2, '0'), name] as [string, string],
      ),
      ['97', '其他未识别民族'],
      ['98', '外国血统中国籍人士'],
    ]),
  },
};

/** The name of `code` in `table`, or null when the value is not one of its codes. */
export function codeLabel(table: CodeTableName, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  return CODE_TABLES[table].codes.get(code.trim()) ?? null;
}

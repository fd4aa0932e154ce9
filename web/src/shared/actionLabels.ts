/**
 * Auditor-facing names of audit action codes. Every code the server writes — the services' own entries and the
 * policy actions a refusal is recorded under (src/core/guard.ts) — has a name here; a unit test greps the server
 * for `action:` and the policy's action list and fails on a code without one.
 */
const LABELS: Record<string, readonly [zh: string, en: string]> = {
  // 身份与账号
  'auth.login': ['登录', 'Sign in'],
  'auth.logout': ['退出登录', 'Sign out'],
  'auth.csrf': ['跨站请求校验未通过', 'CSRF check failed'],
  'request.denied': ['操作被拒绝', 'Request refused'],
  'user.read': ['查看用户', 'View users'],
  'user.create': ['新建用户', 'Create user'],
  'user.update': ['修改用户', 'Update user'],
  'user.roles': ['调整用户角色', 'Change user roles'],
  'user.password': ['修改密码', 'Change password'],
  'apikey.read': ['查看 API 密钥', 'View API keys'],
  'apikey.create': ['创建 API 密钥', 'Create API key'],
  'apikey.revoke': ['吊销 API 密钥', 'Revoke API key'],
  // 组织机构
  'overview.read': ['查看首页统计', 'View overview'],
  'region.read': ['查看行政区划', 'View regions'],
  'department.read': ['查看部门', 'View departments'],
  'department.create': ['新建部门', 'Create department'],
  'department.update': ['修改部门', 'Update department'],
  // 审计
  'audit.read': ['查看审计日志', 'Read audit log'],
  // 空间地理
  'geo.seed': ['生成标准地址库', 'Seed address base'],
  'geo.standardize': ['地址标准化', 'Standardize addresses'],
  'geo.usage': ['查看地址服务用量', 'View address API usage'],
  'geo.read': ['地址要素服务访问计数', 'Address feature API reads'],
  // 目录
  'catalog.read': ['查看目录', 'View catalog'],
  'catalog.read_unpublished': ['查看未发布目录', 'View unpublished catalog'],
  'catalog.edit': ['编辑目录', 'Edit catalog'],
  'catalog.review': ['审核目录', 'Review catalog'],
  'catalog.create': ['新建目录资源', 'Create catalog resource'],
  'catalog.update': ['修改目录资源', 'Update catalog resource'],
  'catalog.submit': ['提交目录审核', 'Submit resource for review'],
  'catalog.approve': ['目录审核通过', 'Approve resource'],
  'catalog.reject': ['目录审核退回', 'Return resource'],
  'catalog.publish': ['发布目录资源', 'Publish resource'],
  'catalog.retire': ['下线目录资源', 'Retire resource'],
  'catalog.import': ['导入目录', 'Import catalog'],
  'catalog.export': ['导出目录', 'Export catalog'],
  'catalog.seed': ['载入演示目录', 'Load demo catalog'],
  // 交换
  'exchange.read': ['查看交换数据', 'Read exchange data'],
  'exchange.ingest': ['数据汇聚入库', 'Ingest records'],
  'exchange.connector': ['管理前置库连接', 'Manage connectors'],
  'exchange.connector.create': ['新建前置库连接', 'Create connector'],
  'exchange.connector.update': ['修改前置库连接', 'Update connector'],
  'exchange.connector.delete': ['删除前置库连接', 'Delete connector'],
  'exchange.connector.run': ['前置库抽取', 'Run connector'],
  'exchange.connector.test': ['测试前置库连接', 'Test connector'],
  'exchange.quarantine.discard': ['丢弃隔离数据', 'Discard quarantined rows'],
  'exchange.subscribe': ['订阅资源', 'Subscribe'],
  'exchange.subscription.update': ['修改订阅', 'Update subscription'],
  'exchange.unsubscribe': ['取消订阅', 'Unsubscribe'],
  'exchange.consume': ['消费订阅', 'Consume subscription'],
  'exchange.pull': ['拉取变更', 'Pull changes'],
  'exchange.ack': ['确认变更', 'Acknowledge changes'],
  // 宏观经济
  'economy.read': ['查看宏观经济指标', 'View macro-economic indicators'],
  'economy.sync': ['宏观经济库同步', 'Sync the macro-economy registry'],
  'economy.source.attach': ['接入宏观经济数据来源', 'Attach a macro-economy source'],
  // 人口/法人基础库
  'registry.read': ['查看基础库档案', 'Read registry records'],
  'registry.steward': ['管理基础库', 'Steward a registry'],
  'registry.match': ['基础库比对查询', 'Match against a registry'],
  'registry.sync': ['基础库同步', 'Sync a registry'],
  'registry.source.attach': ['接入基础库数据来源', 'Attach a registry source'],
  'registry.rules': ['调整基础库存留规则', 'Change registry survivorship rules'],
  'registry.conflict.decide': ['处理基础库字段冲突', 'Decide a registry conflict'],
  'registry.review.decide': ['审核基础库疑似匹配', 'Decide a registry review'],
  'registry.merge': ['合并基础库档案', 'Merge registry records'],
  'registry.unmerge': ['撤销档案合并', 'Undo a registry merge'],
  'exchange.deliver': ['推送变更', 'Deliver changes'],
  'exchange.redeliver': ['重新推送', 'Redeliver'],
  'exchange.dead_letter': ['推送失败转死信', 'Dead letter'],
  'exchange.stats': ['查看交换统计', 'View exchange figures'],
  // 共享
  'sharing.read': ['查看共享申请', 'View sharing'],
  'sharing.request': ['共享申请', 'Request data'],
  'sharing.request.create': ['提交共享申请', 'Submit data request'],
  'sharing.request.attach': ['上传申请附件', 'Attach file to request'],
  'sharing.request.approve': ['批准共享申请', 'Approve data request'],
  'sharing.request.approve_first': ['共享申请初审通过', 'First approval of data request'],
  'sharing.request.reject': ['驳回共享申请', 'Reject data request'],
  'sharing.request.withdraw': ['撤回共享申请', 'Withdraw data request'],
  'sharing.approve': ['审批共享申请', 'Approve sharing'],
  'sharing.review': ['复核共享申请', 'Second review'],
  'sharing.agreement': ['管理安全保密协议', 'Manage agreements'],
  'sharing.agreement.read': ['查看安全保密协议', 'View agreements'],
  'sharing.agreement.create': ['登记安全保密协议', 'Record agreement'],
  'sharing.agreement.revoke': ['撤销安全保密协议', 'Revoke agreement'],
  'sharing.revoke': ['收回共享授权', 'Revoke grants'],
  'sharing.grant.revoke': ['收回共享授权', 'Revoke grant'],
  'sharing.usage': ['查看使用情况', 'View usage'],
  'sharing.usage.acknowledge': ['确认异常用量', 'Acknowledge unusual usage'],
  'sharing.policy': ['共享策略', 'Sharing policy'],
  'sharing.policy.update': ['修改共享策略', 'Update sharing policy'],
  // 数据服务
  'data.use': ['调用数据服务', 'Use data service'],
  // 电子证照
  'license.type.read': ['查看证照类型', 'View license types'],
  'license.type.edit': ['管理证照类型', 'Manage license types'],
  'license.type.create': ['新建证照类型', 'Create license type'],
  'license.type.seed': ['载入演示证照类型', 'Load demo license types'],
  'license.read': ['查看电子证照', 'View license'],
  'license.search': ['按持证主体查询证照', 'Search licenses by holder'],
  'license.issue': ['颁发电子证照', 'Issue license'],
  'license.status': ['变更证照状态', 'Change license status'],
  'license.suspend': ['暂停电子证照', 'Suspend license'],
  'license.revoke': ['撤销电子证照', 'Revoke license'],
  'license.restore': ['恢复电子证照', 'Restore license'],
  'license.reissue': ['换发电子证照', 'Re-issue license'],
  'license.use': ['用证', 'Use license'],
  'license.verify': ['公众核验电子证照', 'Public license verification'],
  'license.seed': ['载入演示电子证照', 'Load demo licenses'],
  // 社会信用
  'credit.read': ['查看信用记录', 'View credit record'],
  'credit.search': ['按主体查询信用记录', 'Search credit records by subject'],
  'credit.publish': ['公示双公示信息', 'Publish credit records'],
  'credit.seed': ['载入演示信用信息', 'Load demo credit records'],
  'credit.list.edit': ['管理红黑名单', 'Manage red and black lists'],
  'credit.list.add': ['列入红黑名单', 'Add to a credit list'],
  'credit.list.remove': ['移出红黑名单', 'Remove from a credit list'],
  'credit.list.seed': ['载入演示红黑名单', 'Load demo credit lists'],
  'credit.profile': ['查看信用档案', 'View credit profile'],
  'credit.case.read': ['查看异议与修复申请', 'View objection or repair application'],
  'credit.case.handle': ['办理异议与修复申请', 'Handle objection or repair application'],
  'credit.case.file': ['提交异议或信用修复申请', 'File objection or repair application'],
  'credit.case.accept': ['受理信用申请', 'Accept credit application'],
  'credit.case.reject': ['驳回信用申请', 'Reject credit application'],
  'credit.case.uphold': ['异议成立（撤销或更正记录）', 'Uphold objection (withdraw or correct record)'],
  'credit.case.repair': ['同意信用修复', 'Grant credit repair'],
  'credit.account': ['绑定信用主体', 'Bind credit subject (policy)'],
  'credit.account.bind': ['账号绑定信用主体', 'Bind account to credit subject'],
  'credit.self': ['查看本人信用', 'View own credit'],
  'credit.public_search': ['公众信用查询', 'Public credit search'],
  'credit.public_read': ['公众查看信用主体', 'Public credit subject page'],
  'data.lookup': ['按主键查询', 'Record lookup'],
  'data.query': ['条件查询', 'Query records'],
  'data.verify': ['核验', 'Verify values'],
  'data.export': ['批量导出', 'Bulk export'],
  'data.batch': ['数据访问批次（摘要）', 'Data access batch (digest)'],
  // 运维
  'retention.run': ['过期数据清理', 'Retention run'],
  // 演示
  'demo.seed': ['生成演示城市', 'Seed demo city'],
};

/** The label of an audit action code in the language asked; an unknown code is shown as itself. */
export function actionLabel(code: string, lang: 'zh' | 'en'): string {
  const label = LABELS[code];
  return label ? label[lang === 'zh' ? 0 : 1] : code;
}

/** Whether `code` has a label of its own (the completeness test asks this). */
export function hasActionLabel(code: string): boolean {
  return Object.hasOwn(LABELS, code);
}

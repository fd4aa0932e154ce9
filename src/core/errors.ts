/**
 * Every failure the API reports is an AppError with a stable code. The catalog below is the one
 * place codes are defined: HTTP status plus the message in each language the web offers.
 */
export const ERRORS = {
  REQUEST_INVALID_BODY: {
    status: 400,
    zh: '请求体不是合法的 JSON',
    en: 'The request body is not valid JSON',
  },
  REQUEST_VALIDATION_FAILED: {
    status: 400,
    zh: '请求参数校验未通过',
    en: 'The request did not pass validation',
  },
  REQUEST_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '不支持的请求内容类型',
    en: 'The request content type is not supported',
  },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such API route' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Sign-in is required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'The session has expired; sign in again',
  },
  AUTH_API_KEY_INVALID: { status: 401, zh: 'API 密钥无效', en: 'The API key is not valid' },
  AUTH_API_KEY_REVOKED: { status: 401, zh: 'API 密钥已被吊销', en: 'The API key has been revoked' },
  AUTH_API_KEY_EXPIRED: { status: 401, zh: 'API 密钥已过期', en: 'The API key has expired' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  AUTH_RATE_LIMITED: {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins; try again later',
  },
  AUTH_CSRF_FAILED: {
    status: 403,
    zh: '请求缺少有效的 CSRF 令牌',
    en: 'The request lacks a valid CSRF token',
  },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  ORG_DEPARTMENT_NOT_FOUND: { status: 404, zh: '部门不存在', en: 'No such department' },
  ORG_DEPARTMENT_NAME_TAKEN: { status: 409, zh: '部门名称已存在', en: 'A department with this name exists' },
  ORG_DEPARTMENT_USCC_TAKEN: {
    status: 409,
    zh: '统一社会信用代码已被其他部门使用',
    en: 'Another department has this unified social credit code',
  },
  ORG_DEPARTMENT_PARENT_CYCLE: {
    status: 400,
    zh: '上级部门不能是本部门或其下级',
    en: 'A department cannot be its own ancestor',
  },
  ORG_REGION_NOT_FOUND: { status: 404, zh: '行政区划不存在', en: 'No such region' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'No such user' },
  USER_USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'This username is taken' },
  USER_ROLE_SCOPE_INVALID: {
    status: 400,
    zh: '该角色的部门范围设置不正确',
    en: 'The department scope of this role is not valid',
  },
  USER_LAST_ADMIN: {
    status: 409,
    zh: '不能移除最后一个平台管理员',
    en: 'The last platform administrator cannot be removed',
  },
  APIKEY_NOT_FOUND: { status: 404, zh: 'API 密钥不存在', en: 'No such API key' },
  AUDIT_CHECKPOINT_NOT_FOUND: { status: 404, zh: '审计检查点不存在', en: 'No such audit checkpoint' },
  CATALOG_RESOURCE_NOT_FOUND: { status: 404, zh: '信息资源不存在', en: 'No such catalog resource' },
  CATALOG_TRANSITION_INVALID: {
    status: 409,
    zh: '当前状态下不能执行此操作',
    en: 'This action is not possible in the resource’s current state',
  },
  CATALOG_DEPARTMENT_CHANGE: {
    status: 400,
    zh: '不能把信息资源改到本人无权管理的部门',
    en: 'A resource cannot be moved to a department you do not manage',
  },
  CATALOG_FILE_INVALID: {
    status: 400,
    zh: '上传的文件不是可读取的 Excel（.xlsx）文件',
    en: 'The upload is not a readable Excel (.xlsx) file',
  },
  WORKBOOK_TOO_LARGE: {
    status: 413,
    zh: '工作簿超出读取上限（行数、列数或单元格数），已停止读取',
    en: 'The workbook exceeds the reading limits (rows, columns or cells); reading stopped',
  },
  EXCHANGE_RESOURCE_NOT_FOUND: {
    status: 404,
    zh: '信息资源不存在或未发布',
    en: 'No such published resource',
  },
  EXCHANGE_RESOURCE_NOT_RECORDS: {
    status: 409,
    zh: '该信息资源的格式不承载数据记录（仅数据库、电子表格、服务接口类资源可交换记录）',
    en: 'This resource’s format holds no records (only database, spreadsheet and service-interface resources do)',
  },
  EXCHANGE_BATCH_REJECTED: {
    status: 422,
    zh: '数据校验未通过，整批未入库',
    en: 'The data did not pass validation; nothing in the batch was stored',
  },
  EXCHANGE_BODY_INVALID: {
    status: 400,
    zh: '请求体无法解析',
    en: 'The request body could not be parsed',
  },
  EXCHANGE_ENCODING_INVALID: {
    status: 415,
    zh: '内容不是 UTF-8 编码；GBK/GB18030 文件请在 Content-Type 中声明 charset=gbk',
    en: 'The content is not UTF-8; declare charset=gbk in Content-Type for GBK/GB18030 files',
  },
  EXCHANGE_FORMAT_UNSUPPORTED: {
    status: 415,
    zh: '不支持的数据格式，请使用 NDJSON、CSV、JSON 数组或 .xlsx',
    en: 'Unsupported data format; send NDJSON, CSV, a JSON array or .xlsx',
  },
  EXCHANGE_IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '该幂等键已用于内容不同的请求',
    en: 'This idempotency key was used with a different request body',
  },
  EXCHANGE_BATCH_NOT_FOUND: { status: 404, zh: '交换批次不存在', en: 'No such exchange batch' },
  EXCHANGE_QUARANTINE_NOT_FOUND: {
    status: 404,
    zh: '隔离记录不存在或已处理',
    en: 'No such open quarantined row',
  },
  EXCHANGE_CONNECTOR_NOT_FOUND: {
    status: 404,
    zh: '该资源未配置前置库连接',
    en: 'This resource has no pull connector',
  },
  EXCHANGE_CONNECTOR_FAILED: {
    status: 502,
    zh: '无法连接部门前置库',
    en: 'The department’s front database could not be reached',
  },
  EXCHANGE_CONNECTOR_BUSY: {
    status: 409,
    zh: '连接器正在运行，请稍后再试',
    en: 'The connector is running; try again later',
  },
  EXCHANGE_SUBSCRIPTION_NOT_FOUND: { status: 404, zh: '订阅不存在', en: 'No such subscription' },
  EXCHANGE_SUBSCRIPTION_EXISTS: {
    status: 409,
    zh: '该部门已订阅此资源',
    en: 'This department already subscribes to this resource',
  },
  EXCHANGE_SHARING_CONDITIONAL: {
    status: 403,
    zh: '有条件共享资源需由平台管理员（或经共享审批）创建订阅',
    en: 'Subscriptions to conditionally shared resources are created by the platform operator (or through approval)',
  },
  EXCHANGE_SHARING_NONE: {
    status: 403,
    zh: '该资源不予共享，不能订阅',
    en: 'This resource is not shared and cannot be subscribed to',
  },
  EXCHANGE_CURSOR_INVALID: {
    status: 400,
    zh: '游标超出该订阅的变更范围',
    en: 'The cursor is outside this subscription’s change range',
  },
  EXCHANGE_DEAD_LETTER_NOT_FOUND: {
    status: 404,
    zh: '死信不存在或已重投',
    en: 'No such dead letter, or it was redelivered',
  },
  EXCHANGE_BODY_TOO_LARGE: {
    status: 413,
    zh: '推送的数据超过单批上限（解压后或传输时的字节数），请分批推送',
    en: 'The pushed data exceeds the per-batch limit (decompressed or as sent); split it into smaller batches',
  },
  EXCHANGE_WEBHOOK_TARGET_REFUSED: {
    status: 400,
    zh: '推送地址指向内部网络地址（回环、私有、链路本地等）或无法解析，平台不向其推送；如确需使用，请由运维人员加入允许列表',
    en: 'The webhook URL points to an internal address (loopback, private, link-local …) or cannot be resolved; an operator must allow-list it',
  },
  SHARING_AGREEMENT_NOT_FOUND: { status: 404, zh: '安全保密协议不存在', en: 'No such security agreement' },
  SHARING_AGREEMENT_FILE_INVALID: {
    status: 400,
    zh: '协议文件须为已签署的 PDF 文件（不超过 10 MB）',
    en: 'The agreement file must be a signed PDF of at most 10 MB',
  },
  SHARING_REQUEST_NOT_FOUND: { status: 404, zh: '共享申请不存在', en: 'No such access request' },
  SHARING_ATTACHMENT_NOT_FOUND: { status: 404, zh: '附件不存在', en: 'No such attachment' },
  SHARING_REQUEST_STATE: {
    status: 409,
    zh: '该申请当前状态下不能执行此操作',
    en: 'This is not possible in the request’s current state',
  },
  SHARING_REQUEST_DUPLICATE: {
    status: 409,
    zh: '本部门对该资源已有待审批的申请',
    en: 'Your department already has an open request for this resource',
  },
  SHARING_NOT_REQUESTABLE: {
    status: 403,
    zh: '该资源不予共享，不能申请',
    en: 'This resource is not shared and cannot be requested',
  },
  SHARING_SELF_SERVICE_ONLY_UNCONDITIONAL: {
    status: 409,
    zh: '只有无条件共享资源可自助获得授权；有条件共享资源请提交申请',
    en: 'Only unconditionally shared resources are self-service; request conditional ones',
  },
  SHARING_ITEMS_INVALID: {
    status: 400,
    zh: '信息项不在该资源目录中或超出申请范围',
    en: 'Items not in the resource’s catalog entry, or beyond what was requested',
  },
  SHARING_GRANT_NOT_FOUND: { status: 404, zh: '授权不存在', en: 'No such grant' },
  SHARING_GRANT_ALREADY_REVOKED: { status: 409, zh: '该授权已被撤销', en: 'This grant is already revoked' },
  SHARING_NO_AGREEMENT: {
    status: 403,
    zh: '本部门没有生效的安全保密协议，不能使用共享数据',
    en: 'Your department has no security agreement in force, so it cannot use shared data',
  },
  SHARING_NO_GRANT: {
    status: 403,
    zh: '没有该资源的使用授权',
    en: 'You hold no grant for this resource',
  },
  SHARING_GRANT_EXPIRED: {
    status: 403,
    zh: '该资源的授权已过期或尚未生效',
    en: 'Your grant for this resource has expired or is not yet valid',
  },
  SHARING_GRANT_REVOKED: {
    status: 403,
    zh: '该资源的授权已被撤销',
    en: 'Your grant for this resource has been revoked',
  },
  SHARING_MODE_NOT_GRANTED: {
    status: 403,
    zh: '授权不包含此使用方式',
    en: 'Your grant does not include this usage mode',
  },
  SHARING_ITEM_NOT_GRANTED: {
    status: 403,
    zh: '请求的信息项不在授权范围内',
    en: 'An item you asked for is outside your grant',
  },
  SHARING_PURPOSE_REQUIRED: {
    status: 400,
    zh: '请在 X-Purpose 请求头中说明用途',
    en: 'State the purpose of the call in the X-Purpose header',
  },
  SHARING_PURPOSE_MISMATCH: {
    status: 403,
    zh: '所述用途不在授权范围内',
    en: 'The stated purpose is not one you were granted',
  },
  SHARING_QUOTA_EXCEEDED: {
    status: 429,
    zh: '今日调用次数已达授权限额',
    en: 'The grant’s daily quota is used up',
  },
  SHARING_RATE_LIMITED: {
    status: 429,
    zh: '调用过于频繁，请稍后再试',
    en: 'Too many calls; slow down',
  },
  SHARING_KEY_INVALID: {
    status: 400,
    zh: '记录主键格式不正确',
    en: 'The record key is not valid',
  },
  SHARING_RECORD_NOT_FOUND: { status: 404, zh: '记录不存在', en: 'No such record' },
  SHARING_CURSOR_INVALID: { status: 400, zh: '分页游标无效', en: 'The cursor is not valid' },
  SHARING_FLAG_NOT_FOUND: { status: 404, zh: '异常用量提示不存在', en: 'No such usage flag' },
  SHARING_QUERY_FILTER_REQUIRED: {
    status: 400,
    zh: '未获批量授权的查询须至少对一个已授权明文信息项给出等值条件',
    en: 'Without the bulk mode a query needs an equality on at least one granted item in clear',
  },
  SHARING_QUERY_NOT_SELECTIVE: {
    status: 400,
    zh: '查询条件命中记录过多，请缩小条件（批量获取须申请批量方式）',
    en: 'The filter matches too many records; narrow it (whole-set extracts need the bulk mode)',
  },
  SHARING_QUERY_KEY_RANGE: {
    status: 400,
    zh: '主键信息项只能按等值查询，不能按范围、前缀或不等条件查询',
    en: 'Key items can only be filtered by equality, not by range, prefix or inequality',
  },
  SHARING_VERIFY_ITEM_NOT_CLEAR: {
    status: 403,
    zh: '只能核验授权为明文的信息项，脱敏信息项不能用于核验',
    en: 'Only items granted in clear can be verified; masked items cannot',
  },
  SHARING_VERIFY_RATE_LIMITED: {
    status: 429,
    zh: '该密钥核验过于频繁，请稍后再试',
    en: 'Too many verifications with this key; slow down',
  },
  LICENSE_ID_MALFORMED: {
    status: 404,
    zh: '电子证照标识格式错误或校验位不符，不存在这样的证照',
    en: 'No such license: the identifier is malformed or its check character is wrong',
  },
  LICENSE_NOT_FOUND: { status: 404, zh: '电子证照不存在', en: 'No such license' },
  LICENSE_TYPE_NOT_FOUND: { status: 404, zh: '证照类型不存在', en: 'No such license type' },
  LICENSE_TYPE_TAKEN: {
    status: 409,
    zh: '证照类型代码或名称已存在',
    en: 'A license type with this code or name exists',
  },
  LICENSE_STATUS_CONFLICT: {
    status: 409,
    zh: '证照当前状态不允许此操作',
    en: 'The license is not in a state that allows this',
  },
  LICENSE_SEAL_KEY_UNREADABLE: {
    status: 500,
    zh: '颁发机构的签章密钥无法打开（平台密钥已变更）',
    en: "The issuer's seal key cannot be opened (the platform secret key changed)",
  },
  // 办件 (src/modules/cases)
  CASE_NOT_FOUND: { status: 404, zh: '办件不存在', en: 'No such case' },
  CASE_TRANSITION_INVALID: {
    status: 409,
    zh: '办件当前状态下不能执行此操作',
    en: 'This step is not possible in the case’s current state',
  },
  CASE_EXTENSION_USED: {
    status: 409,
    zh: '办件已延期过一次，不能再次延期',
    en: 'The case was already extended once',
  },
  CASE_EXTENSION_TOO_LATE: {
    status: 409,
    zh: '办结时限已过，不能再延期',
    en: 'The deadline has passed; the case can no longer be extended',
  },
  CASE_VERSION_CONFLICT: {
    status: 409,
    zh: '办件已被他人处理，请刷新后重试',
    en: 'Someone else changed the case meanwhile; reload it and try again',
  },
  CASE_IDEMPOTENCY_CONFLICT: {
    status: 409,
    zh: '该幂等键已用于内容不同的收件请求',
    en: 'This idempotency key was used to open a different case',
  },
  CREDIT_RECORD_NOT_FOUND: { status: 404, zh: '信用记录不存在', en: 'No such credit record' },
  CREDIT_LIST_ENTRY_NOT_FOUND: { status: 404, zh: '名单记录不存在', en: 'No such list entry' },
  CREDIT_LIST_ENTRY_REMOVED: {
    status: 409,
    zh: '该名单记录已移出',
    en: 'The entry has already been removed from its list',
  },
  CREDIT_CASE_NOT_FOUND: {
    status: 404,
    zh: '异议或修复申请不存在',
    en: 'No such objection or repair application',
  },
  CREDIT_CASE_STATE: {
    status: 409,
    zh: '申请当前状态不允许此操作',
    en: 'The application is not in a state that allows this',
  },
  CREDIT_CASE_OPEN: {
    status: 409,
    zh: '该记录已有同类申请正在办理',
    en: 'An application of this kind about the record is already being handled',
  },
  CREDIT_REPAIR_NOT_APPLICABLE: {
    status: 409,
    zh: '只有公示中的行政处罚信息可以申请信用修复',
    en: 'Only a penalty record in public view can be repaired',
  },
  CREDIT_REPAIR_TOO_EARLY: {
    status: 409,
    zh: '最短公示期届满后方可申请信用修复',
    en: 'Credit repair can be applied for only after the minimum publicity period',
  },
  CREDIT_NO_SUBJECT: {
    status: 403,
    zh: '账号尚未绑定信用主体（身份证号或统一社会信用代码），请先完成实名核验',
    en: 'The account speaks for no credit subject yet; identity verification binds one',
  },
  CREDIT_SUBJECT_CODE_INVALID: {
    status: 400,
    zh: '不是有效的统一社会信用代码或身份证号',
    en: 'Not a valid unified social credit code or ID number',
  },
  OPEN_DATASET_NOT_FOUND: { status: 404, zh: '开放数据集不存在', en: 'No such open dataset' },
  OPEN_DATASET_CONDITIONAL: {
    status: 403,
    zh: '有条件开放数据：需注册开发者并经提供部门批准后使用',
    en: 'Open on conditions: a registered developer needs the providing department’s approval',
  },
  // 开放数据 developers: keys, daily quotas, 有条件开放 applications (src/modules/open/keys.ts, applications.ts).
  OPEN_QUOTA_EXCEEDED: {
    status: 429,
    zh: '今日调用次数已达上限，请明日再试或联系平台提高配额',
    en: 'The daily call quota is used up; try again tomorrow or ask the platform for a higher quota',
  },
  OPEN_API_KEY_INVALID: {
    status: 401,
    zh: '开放数据 API 密钥无效或已吊销',
    en: 'The open data API key is not valid or has been revoked',
  },
  OPEN_API_KEY_NOT_FOUND: { status: 404, zh: 'API 密钥不存在', en: 'No such API key' },
  OPEN_APPLICATION_NOT_FOUND: { status: 404, zh: '开放数据使用申请不存在', en: 'No such application' },
  OPEN_APPLICATION_NOT_CONDITIONAL: {
    status: 409,
    zh: '只有有条件开放的数据集需要申请',
    en: 'Only datasets open on conditions need an application',
  },
  OPEN_APPLICATION_EXISTS: {
    status: 409,
    zh: '该数据集已有待审批或已批准的申请',
    en: 'An application for this dataset is already pending or approved',
  },
  OPEN_APPLICATION_STATE: {
    status: 409,
    zh: '申请当前状态不允许此操作',
    en: 'The application’s state does not allow this',
  },
  REGISTRATION_CONTACT_TAKEN: {
    status: 409,
    zh: '该邮箱或手机号已注册，请直接登录',
    en: 'This email or mobile number is already registered; sign in instead',
  },
  REGISTRATION_CODE_WRONG: { status: 400, zh: '验证码不正确', en: 'The verification code is wrong' },
  REGISTRATION_CODE_EXPIRED: {
    status: 410,
    zh: '验证码已失效（过期、已使用或错误次数过多），请重新获取',
    en: 'The verification code is no longer valid (expired, used or too many wrong tries); request a new one',
  },
  REGISTRATION_RATE_LIMITED: {
    status: 429,
    zh: '获取验证码过于频繁，请稍后再试',
    en: 'Too many verification codes requested; try again later',
  },
  // 开放数据 query language (src/modules/open/query): the query, not the server, is wrong.
  OPEN_QUERY_SYNTAX: { status: 400, zh: '查询语法错误', en: 'The query has a syntax error' },
  OPEN_QUERY_UNKNOWN_COLUMN: {
    status: 400,
    zh: '查询引用了不存在的列',
    en: 'The query names an unknown column',
  },
  OPEN_QUERY_UNKNOWN_FUNCTION: {
    status: 400,
    zh: '查询使用了不支持的函数',
    en: 'The query uses an unknown function',
  },
  OPEN_QUERY_TYPE: { status: 400, zh: '查询中的类型不匹配', en: 'The query mixes incompatible types' },
  OPEN_QUERY_GROUP: {
    status: 400,
    zh: '分组或聚合使用不正确',
    en: 'The query uses grouping or aggregates wrongly',
  },
  OPEN_QUERY_ALIAS: { status: 400, zh: '输出列名不正确', en: 'An output column name is not valid' },
  OPEN_QUERY_TOO_COMPLEX: { status: 400, zh: '查询过于复杂', en: 'The query is too complex' },
  OPEN_QUERY_LIMIT: { status: 400, zh: '分页参数超出范围', en: 'The paging parameters are out of range' },
  OPEN_QUERY_TIMEOUT: {
    status: 503,
    zh: '查询超时：请缩小查询范围（增加筛选条件或减少分组）后重试',
    en: 'The query ran out of time: narrow it (more filters, fewer groups) and try again',
  },
  // 公共数据开放 feedback: data requests, error reports, ratings, showcases and their moderation.
  OPEN_FEEDBACK_NOT_FOUND: {
    status: 404,
    zh: '该反馈不存在或已被隐藏',
    en: 'No such feedback, or it has been hidden',
  },
  OPEN_FEEDBACK_ACCOUNT_REQUIRED: {
    status: 403,
    zh: '请使用本人账号登录后提交',
    en: 'Submit while signed in with your own account, not an API key',
  },
  OPEN_FEEDBACK_RATE_LIMITED: {
    status: 429,
    zh: '提交过于频繁，请稍后再试',
    en: 'Too many submissions; try again later',
  },
  OPEN_FEEDBACK_STATE: {
    status: 409,
    zh: '该反馈当前状态不允许此操作',
    en: 'The feedback is not in a state that allows this',
  },
  OPEN_AS_OF_INVALID: {
    status: 400,
    zh: '时间点格式不正确：应为日期（2026-01-31）或日期时间（2026-01-31T08:00:00+08:00）',
    en: 'Not a moment: give a date (2026-01-31) or a date-time (2026-01-31T08:00:00+08:00)',
  },
  OPEN_AS_OF_OUT_OF_RANGE: {
    status: 400,
    zh: '时间点超出可查询的历史范围（见 earliest 与 latest）',
    en: 'The moment is outside the history kept (see earliest and latest)',
  },
  OPEN_WEBHOOK_NOT_FOUND: { status: 404, zh: '数据变更回调不存在', en: 'No such webhook' },
  OPEN_WEBHOOK_LIMIT: {
    status: 409,
    zh: '数据变更回调已达上限，请先删除不用的回调',
    en: 'Too many webhooks: delete one you no longer use first',
  },
  OPEN_DIFF_RANGE: { status: 400, zh: '比较的起点必须早于终点', en: 'The diff’s from must be before its to' },
  REGISTRY_NOT_FOUND: {
    status: 404,
    zh: '基础库不存在或尚未建立',
    en: 'No such registry, or it is not set up yet',
  },
  REGISTRY_ENTITY_NOT_FOUND: { status: 404, zh: '该档案不存在', en: 'No such golden record' },
  REGISTRY_ENTITY_NOT_ACTIVE: {
    status: 409,
    zh: '该档案已合并或注销，请使用它现在的编号',
    en: 'The golden record was merged or retired; use the id it is now',
  },
  REGISTRY_MATCH_NO_FIELDS: {
    status: 400,
    zh: '没有可用于比对的字段：人口库至少需要身份证号或姓名，法人库至少需要统一社会信用代码、组织机构代码或名称',
    en: 'No usable field to match on: a person needs 身份证号 or 姓名, a legal person 统一社会信用代码, 组织机构代码 or 名称',
  },
  REGISTRY_SOURCE_EXISTS: {
    status: 409,
    zh: '该资源已是本库的数据来源',
    en: 'This resource already feeds the registry',
  },
  REGISTRY_SOURCE_ORDER_INVALID: {
    status: 400,
    zh: '来源排序须恰好列出本库的每个来源一次',
    en: 'The order must list each of the registry’s sources exactly once',
  },
  REGISTRY_CONFLICT_NOT_FOUND: { status: 404, zh: '该冲突不存在', en: 'No such conflict' },
  REGISTRY_CONFLICT_CLOSED: { status: 409, zh: '该冲突已处理', en: 'The conflict has already been decided' },
  REGISTRY_CONFLICT_VALUE: {
    status: 400,
    zh: '请选择来源提供的某个值，或忽略该冲突',
    en: 'Choose one of the values the sources offer, or dismiss the conflict',
  },
  REGISTRY_REVIEW_NOT_FOUND: { status: 404, zh: '该待审核记录不存在', en: 'No such review' },
  REGISTRY_REVIEW_CLOSED: { status: 409, zh: '该记录已审核', en: 'The review has already been decided' },
  REGISTRY_MERGE_SELF: {
    status: 400,
    zh: '不能将档案与自身合并',
    en: 'A golden record cannot be merged into itself',
  },
  REGISTRY_MERGE_NOT_FOUND: { status: 404, zh: '没有这次合并的记录', en: 'No such merge in the history' },
  REGISTRY_UNMERGE_STALE: {
    status: 409,
    zh: '此后两份档案又有合并或拆分，无法直接撤销这次合并，请先撤销之后的操作',
    en: 'A later merge or un-merge touched these records; undo that first',
  },
  ECONOMY_SOURCE_EXISTS: {
    status: 409,
    zh: '该资源已是宏观经济库的数据来源',
    en: 'This resource already feeds the macro-economy registry',
  },
  ECONOMY_SOURCE_UNSUITABLE: {
    status: 400,
    zh: '该资源缺少指标观测值所需的信息项（指标代码、统计期、行政区划代码、观测值）',
    en: 'The resource lacks the items of indicator observations (指标代码, 统计期, 行政区划代码, 观测值)',
  },
  ECONOMY_INDICATOR_NOT_FOUND: { status: 404, zh: '指标不存在', en: 'No such indicator' },
  ECONOMY_OBSERVATION_NOT_FOUND: { status: 404, zh: '该观测值不存在', en: 'No such observation' },
  SDMX_FLOW_NOT_FOUND: { status: 404, zh: '数据流不存在', en: 'No such dataflow' },
  SDMX_STRUCTURE_NOT_FOUND: { status: 404, zh: '结构定义不存在', en: 'No such structure' },
  SDMX_NO_RESULTS: { status: 404, zh: '没有符合查询的数据（NoResultsFound）', en: 'No results found' },
  SDMX_KEY_INVALID: {
    status: 400,
    zh: '数据键格式错误：应为 频度.行政区划.指标（FREQ.REF_AREA.INDICATOR），可用 * 和 +',
    en: 'Bad key: expected FREQ.REF_AREA.INDICATOR, with * for any value and + between alternatives',
  },
  SDMX_FILTER_INVALID: {
    status: 400,
    zh: '筛选条件错误：应为 c[组件]=操作符:值，如 c[TIME_PERIOD]=ge:2020+le:2023',
    en: 'Bad filter: expected c[COMPONENT]=op:value, e.g. c[TIME_PERIOD]=ge:2020+le:2023',
  },
  SDMX_NOT_ACCEPTABLE: {
    status: 406,
    zh: '不支持请求的格式：可用 SDMX-CSV 2.0 或 SDMX-JSON 2.0',
    en: 'Not acceptable: SDMX-CSV 2.0 and SDMX-JSON 2.0 are available',
  },
  SDMX_RESPONSE_TOO_LARGE: {
    status: 413,
    zh: '结果过大，请缩小键或时间范围',
    en: 'The answer is too large; narrow the key or the period',
  },
  GEO_BBOX_INVALID: {
    status: 400,
    zh: 'bbox 参数无效：须为 4 个（或含高程的 6 个）以逗号分隔的数字，经度 −180～180，纬度 −90～90，南边界不大于北边界',
    en: 'The bbox is not valid: 4 (or 6 with heights) comma-separated numbers, longitudes −180 … 180, latitudes −90 … 90, south not above north',
  },
  GEO_COLLECTION_NOT_FOUND: { status: 404, zh: '要素集合不存在', en: 'No such feature collection' },
  GEO_FEATURE_NOT_FOUND: { status: 404, zh: '要素不存在', en: 'No such feature' },
  GEO_FILTER_INVALID: {
    status: 400,
    zh: '该要素集合不支持此筛选参数',
    en: 'This collection does not take this filter parameter',
  },
  GEO_ADDRESS_TEXT_EMPTY: {
    status: 400,
    zh: '地址文字中没有可识别的内容',
    en: 'The address text has nothing to read',
  },
  // 政务服务事项 (src/modules/services): every bad input names its field in details.field and details.fields.
  SERVICE_ITEM_NOT_FOUND: { status: 404, zh: '政务服务事项不存在', en: 'No such service item' },
  SERVICE_ITEM_CODE_INVALID: {
    status: 400,
    zh: '实施编码不正确：应为实施主体统一社会信用代码 + 事项类型 + 主项编码 + 子项编码',
    en: 'The item code is not valid: the department’s credit code + kind + main item + sub-item',
  },
  SERVICE_ITEM_CODE_TAKEN: {
    status: 409,
    zh: '该实施编码已被其他事项使用',
    en: 'Another item has this code',
  },
  SERVICE_ITEM_DAYS_INVALID: {
    status: 400,
    zh: '承诺办结时限不能超过法定办结时限',
    en: 'The promised time limit cannot exceed the legal one',
  },
  SERVICE_ITEM_FEE_INVALID: {
    status: 400,
    zh: '收费信息不正确：收费事项须有金额和依据，不收费事项不填',
    en: 'The fee is not valid: a charged item has an amount and a basis, a free one neither',
  },
  SERVICE_ITEM_DEPTH_INVALID: {
    status: 400,
    zh: '网办深度与办理形式或到现场次数不一致',
    en: 'The online depth disagrees with the channels or the visits',
  },
  SERVICE_ITEM_DEPARTMENT_UNKNOWN: {
    status: 400,
    zh: '实施主体部门不存在',
    en: 'No such implementing department',
  },
  SERVICE_ITEM_NOTHING_TO_PUBLISH: {
    status: 409,
    zh: '该事项没有待发布的草稿',
    en: 'The item has no draft to publish',
  },
  SERVICE_MATERIAL_DUPLICATE: { status: 400, zh: '申请材料名称重复', en: 'Two materials have the same name' },
  SERVICE_MATERIAL_SOURCE_INVALID: {
    status: 400,
    zh: '申请材料的来源信息不完整或相互矛盾',
    en: 'A material’s source is incomplete or contradictory',
  },
  SERVICE_MATERIAL_REGISTRY_FIELD_UNKNOWN: {
    status: 400,
    zh: '基础库中没有该字段',
    en: 'The registry has no such field',
  },
  SERVICE_MATERIAL_RESOURCE_UNKNOWN: {
    status: 400,
    zh: '共享来源不是已发布的信息资源，或资源中没有该信息项',
    en: 'The shared source is no published catalog resource, or it lacks the item',
  },
  SERVICE_LICENSE_TYPE_UNKNOWN: {
    status: 400,
    zh: '电子证照库中没有该证照类型',
    en: 'The e-license library has no such license type',
  },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务正在停止，请稍后重试', en: 'The service is shutting down' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh' | 'en';

/** Text in every language the web offers; the error handler picks one per request. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** One invalid field: where (a dotted path or column name), a reason code and a readable message. */
export interface FieldError {
  field: string;
  code: string;
  message: LocalizedText;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    super(message ?? ERRORS[code].en);
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  /** The message in the caller's language; a specific message given at construction wins. */
  localized(lang: Lang): string {
    return this.message !== ERRORS[this.code].en ? this.message : ERRORS[this.code][lang];
  }
}

/** A 400 listing every invalid field at once. */
export function validationError(fields: FieldError[]): AppError {
  return new AppError('REQUEST_VALIDATION_FAILED', { fields });
}

/** Picks zh or en from an Accept-Language header; Chinese unless English is preferred. */
export function langFrom(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

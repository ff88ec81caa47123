// ECS categorization of an audit event. Sigma's Linux logsources route on it: process_creation
// on process/start, file_event on file/creation, network_connection on network/connection.

/** ECS event.category and event.type of an audit event. */
export interface AuditCategorization {
  category: string[];
  type: string[];
}

type Rule = readonly [category: string, type: string];

const FILE_OPEN = new Set(['open', 'openat', 'openat2', 'creat']);

const SYSCALLS: Readonly<Record<string, Rule>> = {
  execve: ['process', 'start'],
  execveat: ['process', 'start'],
  mkdir: ['file', 'creation'],
  mkdirat: ['file', 'creation'],
  mknod: ['file', 'creation'],
  mknodat: ['file', 'creation'],
  link: ['file', 'creation'],
  linkat: ['file', 'creation'],
  symlink: ['file', 'creation'],
  symlinkat: ['file', 'creation'],
  unlink: ['file', 'deletion'],
  unlinkat: ['file', 'deletion'],
  rmdir: ['file', 'deletion'],
  rename: ['file', 'change'],
  renameat: ['file', 'change'],
  renameat2: ['file', 'change'],
  truncate: ['file', 'change'],
  ftruncate: ['file', 'change'],
  chmod: ['file', 'change'],
  fchmod: ['file', 'change'],
  fchmodat: ['file', 'change'],
  chown: ['file', 'change'],
  fchown: ['file', 'change'],
  lchown: ['file', 'change'],
  fchownat: ['file', 'change'],
  setxattr: ['file', 'change'],
  lsetxattr: ['file', 'change'],
  fsetxattr: ['file', 'change'],
  removexattr: ['file', 'change'],
  utime: ['file', 'change'],
  utimes: ['file', 'change'],
  futimesat: ['file', 'change'],
  utimensat: ['file', 'change'],
  access: ['file', 'access'],
  faccessat: ['file', 'access'],
  faccessat2: ['file', 'access'],
  connect: ['network', 'connection'],
  accept: ['network', 'connection'],
  accept4: ['network', 'connection'],
  bind: ['network', 'info'],
  listen: ['network', 'info'],
  init_module: ['driver', 'start'],
  finit_module: ['driver', 'start'],
  delete_module: ['driver', 'end'],
};

// User-space and standalone kernel records, by type.
const RECORDS: Readonly<Record<string, readonly Rule[]>> = {
  USER_AUTH: [['authentication', 'info']],
  USER_ACCT: [['authentication', 'info']],
  USER_LOGIN: [['authentication', 'start'], ['session', 'start']],
  USER_LOGOUT: [['session', 'end']],
  USER_START: [['session', 'start']],
  USER_END: [['session', 'end']],
  ADD_USER: [['iam', 'user'], ['iam', 'creation']],
  DEL_USER: [['iam', 'user'], ['iam', 'deletion']],
  USER_MGMT: [['iam', 'user'], ['iam', 'change']],
  USER_CHAUTHTOK: [['iam', 'user'], ['iam', 'change']],
  ACCT_LOCK: [['iam', 'user'], ['iam', 'change']],
  ACCT_UNLOCK: [['iam', 'user'], ['iam', 'change']],
  ADD_GROUP: [['iam', 'group'], ['iam', 'creation']],
  DEL_GROUP: [['iam', 'group'], ['iam', 'deletion']],
  GRP_MGMT: [['iam', 'group'], ['iam', 'change']],
  GRP_CHAUTHTOK: [['iam', 'group'], ['iam', 'change']],
  SYSTEM_BOOT: [['host', 'start']],
  SYSTEM_SHUTDOWN: [['host', 'end']],
  KERN_MODULE: [['driver', 'info']],
  CONFIG_CHANGE: [['configuration', 'change']],
  SOFTWARE_UPDATE: [['package', 'info']],
};

/**
 * The categorization of an event from its syscall name (when it is a syscall event), its
 * record types and the `nametype`s of its PATH records; undefined when nothing applies.
 */
export function categorize(syscall: string | undefined, recordTypes: readonly string[], nametypes: readonly string[]): AuditCategorization | undefined {
  const created = nametypes.includes('CREATE');
  const deleted = nametypes.includes('DELETE');
  if (syscall !== undefined && FILE_OPEN.has(syscall)) return created ? one(['file', 'creation']) : one(['file', 'access']);
  const bySyscall = syscall !== undefined && Object.hasOwn(SYSCALLS, syscall) ? SYSCALLS[syscall] : undefined;
  if (bySyscall) return one(bySyscall);
  for (const type of recordTypes) {
    if (Object.hasOwn(RECORDS, type)) return many(RECORDS[type]!);
  }
  if (created) return one(['file', 'creation']);
  if (deleted) return one(['file', 'deletion']);
  return undefined;
}

function one(rule: Rule): AuditCategorization {
  return { category: [rule[0]], type: [rule[1]] };
}

function many(rules: readonly Rule[]): AuditCategorization {
  return { category: [...new Set(rules.map((r) => r[0]))], type: [...new Set(rules.map((r) => r[1]))] };
}

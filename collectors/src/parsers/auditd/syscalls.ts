// Raw audit logs give the syscall as a number of the record's architecture. Only the calls a
// SOC rule or an ECS category cares about are named; the rest keep their number
// (log_format=ENRICHED names every call itself, in SYSCALL=).

const ARCHES: Readonly<Record<string, string>> = {
  c000003e: 'x86_64',
  '40000003': 'i386',
  c00000b7: 'aarch64',
  '40000028': 'arm',
  c0000015: 'ppc64le',
  '80000016': 's390x',
  c00000f3: 'riscv64',
};

const X86_64: Readonly<Record<number, string>> = {
  2: 'open', 10: 'mprotect', 21: 'access', 41: 'socket', 42: 'connect', 43: 'accept', 44: 'sendto',
  45: 'recvfrom', 46: 'sendmsg', 47: 'recvmsg', 49: 'bind', 50: 'listen', 56: 'clone', 57: 'fork',
  58: 'vfork', 59: 'execve', 62: 'kill', 63: 'uname', 76: 'truncate', 77: 'ftruncate', 82: 'rename',
  83: 'mkdir', 84: 'rmdir', 85: 'creat', 86: 'link', 87: 'unlink', 88: 'symlink', 90: 'chmod',
  91: 'fchmod', 92: 'chown', 93: 'fchown', 94: 'lchown', 99: 'sysinfo', 101: 'ptrace', 103: 'syslog',
  105: 'setuid', 106: 'setgid', 113: 'setreuid', 114: 'setregid', 117: 'setresuid', 119: 'setresgid',
  132: 'utime', 133: 'mknod', 135: 'personality', 155: 'pivot_root', 157: 'prctl', 161: 'chroot',
  165: 'mount', 166: 'umount2', 169: 'reboot', 175: 'init_module', 176: 'delete_module',
  188: 'setxattr', 189: 'lsetxattr', 190: 'fsetxattr', 197: 'removexattr', 200: 'tkill', 234: 'tgkill',
  235: 'utimes', 257: 'openat', 258: 'mkdirat', 259: 'mknodat', 260: 'fchownat', 261: 'futimesat',
  263: 'unlinkat', 264: 'renameat', 265: 'linkat', 266: 'symlinkat', 268: 'fchmodat', 269: 'faccessat',
  272: 'unshare', 280: 'utimensat', 288: 'accept4', 308: 'setns', 310: 'process_vm_readv',
  311: 'process_vm_writev', 313: 'finit_module', 316: 'renameat2', 319: 'memfd_create', 321: 'bpf',
  322: 'execveat', 437: 'openat2', 439: 'faccessat2',
};

// arm64 and riscv64 share the kernel's generic syscall table.
const GENERIC: Readonly<Record<number, string>> = {
  5: 'setxattr', 6: 'lsetxattr', 7: 'fsetxattr', 14: 'removexattr', 33: 'mknodat', 34: 'mkdirat',
  35: 'unlinkat', 36: 'symlinkat', 37: 'linkat', 38: 'renameat', 39: 'umount2', 40: 'mount',
  41: 'pivot_root', 45: 'truncate', 46: 'ftruncate', 48: 'faccessat', 51: 'chroot', 52: 'fchmod',
  53: 'fchmodat', 54: 'fchownat', 55: 'fchown', 56: 'openat', 88: 'utimensat', 92: 'personality',
  97: 'unshare', 105: 'init_module', 106: 'delete_module', 116: 'syslog', 117: 'ptrace', 129: 'kill',
  130: 'tkill', 131: 'tgkill', 142: 'reboot', 143: 'setregid', 144: 'setgid', 145: 'setreuid',
  146: 'setuid', 147: 'setresuid', 149: 'setresgid', 160: 'uname', 167: 'prctl', 179: 'sysinfo',
  198: 'socket', 200: 'bind', 201: 'listen', 202: 'accept', 203: 'connect', 206: 'sendto',
  207: 'recvfrom', 211: 'sendmsg', 212: 'recvmsg', 220: 'clone', 221: 'execve', 222: 'mmap',
  226: 'mprotect', 242: 'accept4', 268: 'setns', 270: 'process_vm_readv', 271: 'process_vm_writev',
  273: 'finit_module', 276: 'renameat2', 279: 'memfd_create', 280: 'bpf', 281: 'execveat',
  437: 'openat2', 439: 'faccessat2',
};

const TABLES: Readonly<Record<string, Readonly<Record<number, string>>>> = { x86_64: X86_64, aarch64: GENERIC, riscv64: GENERIC };

/** The architecture name of an `arch=` value (`c000003e` → `x86_64`); names pass through. */
export function archName(arch: string | undefined): string | undefined {
  if (arch === undefined) return undefined;
  const code = arch.toLowerCase();
  return Object.hasOwn(ARCHES, code) ? ARCHES[code] : arch;
}

/** The name of a syscall number on an architecture, or undefined when it is not known here. */
export function syscallName(arch: string | undefined, syscall: string | undefined): string | undefined {
  if (syscall === undefined) return undefined;
  if (!/^\d+$/.test(syscall)) return syscall;
  const name = archName(arch) ?? '';
  const table = Object.hasOwn(TABLES, name) ? TABLES[name] : undefined;
  return table !== undefined && Object.hasOwn(table, syscall) ? table[Number(syscall)] : undefined;
}

//go:build unix

package savefile

import "syscall"

// noFollow refuses a partial file that is a symbolic link.
const noFollow = syscall.O_NOFOLLOW

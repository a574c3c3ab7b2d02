/* SPDX-License-Identifier: MIT */
/*
 * inflight.h: which article files a process is parsing right now,
 * recorded so that the next start knows which file was being parsed when
 * a process died (SIGSEGV, SIGABRT, SIGKILL by the OOM killer), and can
 * quarantine it instead of crashing on it at every start (DESIGN.md,
 * "Untrusted input"; HACKING.md, "Quarantine").
 *
 * The record is a small file next to the database, "<db>.inflight.XXXXXX",
 * one per user of the record (the interface's reader, an indexing run),
 * made of slots of INFLIGHT_SLOT_SIZE bytes: slot i holds the path that
 * thread i is parsing, NUL-terminated, or starts with a NUL when it
 * parses nothing. The slots are mapped shared (mmap): entering a file
 * is a memcpy of its path into the slot, its first byte stored last,
 * and leaving it one NUL byte stored over that first byte: tens of
 * nanoseconds, no system call, no fsync, no transaction, no lock (each
 * thread has its own slot). The record survives the death of the
 * process because the mapped pages are the kernel's page cache of the
 * file, kept whatever happens to the process; only a power cut may lose
 * it (then nothing is quarantined, and a file that crashes us is caught
 * at the crash after). Other ways cost more per file: a pwrite of the
 * path and one of the NUL, two system calls, about 4 microseconds on
 * the test machine, four times per article (a reader and the writer, in
 * both phases of indexing); a row in the database committed before each
 * parse, a transaction per file, more than the listing phase spends on
 * an article. The blocks are allocated when the record is made, so a
 * store never faults on a full disk.
 *
 * Who is alive: the maker holds an flock on its record for as long as it
 * is open, and the kernel drops it when the process dies, however it
 * dies. inflight_collect takes the lock of every record it finds: one it
 * can lock belongs to a dead process, and the paths in its slots were
 * being parsed at the death. A record appears under its final name
 * already locked (made under a temporary name, locked, then renamed), so
 * a collector never mistakes a new record for a dead one; a temporary
 * one left by a maker that died before the rename is removed once it is
 * a minute old.
 *
 * The slots are fixed at 4,096 bytes: a longer path (longer than
 * PATH_MAX, which Linux does not open anyway) is not recorded.
 */
#ifndef TSUNDOKU_INFLIGHT_H
#define TSUNDOKU_INFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct err;
struct inflight;

/* Bytes per slot: a path of up to INFLIGHT_SLOT_SIZE - 1 bytes and its
 * NUL. */
#define INFLIGHT_SLOT_SIZE ((size_t)4096)

/* Make a record of n_slots empty slots for the database at db_path (its
 * directory must exist) and store it in *out; close it with
 * inflight_close. Fails with a message when the file cannot be made. */
bool inflight_open(const char *db_path, size_t n_slots,
		   struct inflight **out, struct err *err);

/* Remove the record (the process ended normally: nothing was in
 * flight) and free f; NULL is allowed. */
void inflight_close(struct inflight *f);

/* Record that the calling thread, the only user of slot (below the
 * n_slots given to inflight_open), starts parsing the file at path. */
void inflight_enter(struct inflight *f, size_t slot, const char *path);

/* Record that the parse of slot's file is over. */
void inflight_leave(struct inflight *f, size_t slot);

/* Receive one path a dead process was parsing; return false when it
 * could not be dealt with (the record is then kept for the next
 * collector). */
typedef bool (*inflight_fn)(const char *path, void *ctx);

/* Call cb for each path in the slots of every record of the database at
 * db_path whose process is gone, then remove that record; records of
 * live processes are left alone. Two collectors at once may both see a
 * record, so cb must be idempotent. Fails only when the directory
 * cannot be read. */
bool inflight_collect(const char *db_path, inflight_fn cb, void *ctx,
		      struct err *err);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * err.h: error messages for recoverable failures. Layers below the
 * interface never print: they fill the caller's struct err and return
 * false, and the app decides how to show the message.
 */
#ifndef TSUNDOKU_ERR_H
#define TSUNDOKU_ERR_H

#include <stdbool.h>

struct err {
	char *msg;	/* heap string, NULL when no error is set */
};

/* Make e empty. */
void err_init(struct err *e);

/* Free the message and make e empty again. */
void err_fini(struct err *e);

/* Replace e's message with a formatted one (already translated by the
 * caller) and return false, so callers can write
 * `return err_set(err, _("cannot open %s: %s"), path, strerror(errno));`.
 * e may be NULL, in which case the message is dropped. */
bool err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix the current message with formatted context ("file:3: "). */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Return the message, or "" when none is set. */
const char *err_msg(const struct err *e);

#endif

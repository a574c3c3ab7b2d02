/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/buf.h"

void
err_init(struct err *e)
{
	e->msg = NULL;
}

void
err_fini(struct err *e)
{
	free(e->msg);
	e->msg = NULL;
}

bool
err_set(struct err *e, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	if (e == NULL)
		return false;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(e->msg);
	e->msg = buf_detach(&b);
	return false;
}

void
err_prefix(struct err *e, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	if (e == NULL)
		return;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_adds(&b, e->msg ? e->msg : "");
	free(e->msg);
	e->msg = buf_detach(&b);
}

const char *
err_msg(const struct err *e)
{
	return e->msg ? e->msg : "";
}

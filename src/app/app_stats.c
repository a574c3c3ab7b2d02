/* SPDX-License-Identifier: MIT */
/*
 * app_stats.c: the app's side of the reading log, the statistics view
 * and the daily review: it writes the reader's sessions through the
 * state API, and makes the views with their data from the store. It
 * calls nothing in the other app files (they call it): what it makes,
 * it returns, and failures come back in a struct err.
 */
#include "config.h"

#include <stdlib.h>

#include "app/app_impl.h"
#include "base/buf.h"
#include "base/err.h"
#include "data/state.h"
#include "data/store_readlog.h"
#include "ui/view_reader.h"

bool
app_log_session(struct app *a, struct view *reader, struct err *err)
{
	struct store_session session;
	struct buf spans;
	bool ok = true;

	buf_init(&spans);
	if (view_reader_log(reader, &session, &spans))
		ok = state_log_session(a->state, view_reader_article(reader),
				       &session, err);
	buf_fini(&spans);
	return ok;
}

void
app_reader_speed(struct app *a, struct view *reader)
{
	double cpm = 0;
	struct err err;

	err_init(&err);
	if (store_reading_speed(a->store, &cpm, &err))
		view_reader_set_speed(reader, cpm);
	err_fini(&err);
}

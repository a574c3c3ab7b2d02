/* SPDX-License-Identifier: MIT */
/*
 * store_state.c: the rows of the user's state, written by article id:
 * opened, place (position, percent), read, and highlights added, noted,
 * recoloured, deleted. state.c keeps the changes not written yet and
 * decides when to write; this file only writes them, all of a call in
 * one transaction, each stamped with the time the user made it
 * (state_at, a highlight's updated; unix milliseconds).
 */
#include "config.h"
#include "data/store.h"

#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/store_impl.h"

/* The statements, in the order of enum store_state_stmt. */
static const char *const store_state_sql[STORE_STATE_N_STMTS] = {
	[STORE_STATE_OPENED] =
		"UPDATE article SET first_opened = coalesce(first_opened, ?2),\n"
		"	last_opened = ?2 WHERE id = ?1",
	[STORE_STATE_PLACE] =
		"UPDATE article SET position = ?2, percent = ?3,\n"
		"	read_at = CASE WHEN ?4 THEN coalesce(read_at, ?5) END,\n"
		"	state_at = ?6 WHERE id = ?1",
	[STORE_STATE_READ] =
		"UPDATE article SET\n"
		"	read_at = CASE WHEN ?4 THEN coalesce(read_at, ?5) END,\n"
		"	state_at = ?6 WHERE id = ?1",
	[STORE_STATE_GET] =
		"SELECT first_opened IS NOT NULL, read_at IS NOT NULL, percent,\n"
		"	position FROM article WHERE id = ?1",
	[STORE_STATE_HL_NOTE] =
		"UPDATE highlight SET note = ?2, updated = ?3 WHERE id = ?1",
	[STORE_STATE_HL_COLOR] =
		"UPDATE highlight SET color = ?2, updated = ?3 WHERE id = ?1",
	[STORE_STATE_HL_DELETE] = "DELETE FROM highlight WHERE id = ?1",
	[STORE_STATE_HL_NEXT_ID] =
		"SELECT coalesce(max(id), 0) + 1 FROM highlight",
};

/* Return statement k of s, prepared once for the connection's life. */
static sqlite3_stmt *
store_state_stmt(struct store *s, enum store_state_stmt k, int *rc)
{
	if (s->state_stmts[k] == NULL)
		*rc = sqlite3_prepare_v3(s->db, store_state_sql[k], -1,
					 SQLITE_PREPARE_PERSISTENT,
					 &s->state_stmts[k], NULL);
	return s->state_stmts[k];
}

/* Run statement k for change c; bind only what it names. */
static int
store_state_run(struct store *s, enum store_state_stmt k,
		const struct store_state_change *c)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_state_stmt(s, k, &rc);
	int64_t secs = c->at_ms / 1000;

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(st, 1, c->article_id);
	if (rc == SQLITE_OK && k == STORE_STATE_OPENED)
		rc = sqlite3_bind_int64(st, 2, secs);
	if (rc == SQLITE_OK && k == STORE_STATE_PLACE)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)c->place.position);
	if (rc == SQLITE_OK && k == STORE_STATE_PLACE)
		rc = sqlite3_bind_int(st, 3, c->place.percent);
	if (rc == SQLITE_OK && k != STORE_STATE_OPENED)
		rc = sqlite3_bind_int(st, 4, c->place.read);
	if (rc == SQLITE_OK && k != STORE_STATE_OPENED)
		rc = sqlite3_bind_int64(st, 5, secs);
	if (rc == SQLITE_OK && k != STORE_STATE_OPENED)
		rc = sqlite3_bind_int64(st, 6, c->at_ms);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st);
	return rc;
}

/* Run the highlight statement k for change c. */
static int
store_state_hl(struct store *s, enum store_state_stmt k,
	       const struct store_state_change *c)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_state_stmt(s, k, &rc);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(st, 1, c->hl.id);
	if (rc == SQLITE_OK && k == STORE_STATE_HL_NOTE)
		rc = store_bind_str(st, 2, c->hl.note);
	if (rc == SQLITE_OK && k == STORE_STATE_HL_COLOR)
		rc = sqlite3_bind_int(st, 2, c->hl.color);
	if (rc == SQLITE_OK && k != STORE_STATE_HL_DELETE)
		rc = sqlite3_bind_int64(st, 3, c->at_ms);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);	/* nothing bound to the note */
	return rc;
}

/* Write change c inside the caller's transaction. */
static int
store_state_write_one(struct store *s, const struct store_state_change *c)
{
	int rc = SQLITE_OK;
	int64_t id;

	switch (c->kind) {
	case STORE_CHANGE_READING: break;
	case STORE_CHANGE_HL_ADD:
		return store_insert_highlight(s, c->article_id, &c->hl, &id);
	case STORE_CHANGE_HL_NOTE:
		return store_state_hl(s, STORE_STATE_HL_NOTE, c);
	case STORE_CHANGE_HL_COLOR:
		return store_state_hl(s, STORE_STATE_HL_COLOR, c);
	case STORE_CHANGE_HL_DELETE:
		return store_state_hl(s, STORE_STATE_HL_DELETE, c);
	case STORE_CHANGE_SESSION:
		return store_session_write(s, c);
	case STORE_CHANGE_REVIEW:
		return store_review_write(s, c);
	}

	if (c->opened)
		rc = store_state_run(s, STORE_STATE_OPENED, c);
	if (rc == SQLITE_OK && c->has_place)
		rc = store_state_run(s, STORE_STATE_PLACE, c);
	else if (rc == SQLITE_OK && c->has_read)
		rc = store_state_run(s, STORE_STATE_READ, c);
	return rc;
}

enum store_write
store_write_state(struct store *s, const struct store_state_change *v,
		  size_t n, bool wait, struct err *err)
{
	int rc;

	if (!store_may_write(s, err))
		return STORE_WRITE_FAILED;
	if (!wait)
		sqlite3_busy_timeout(s->db, 0);
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (!wait)
		sqlite3_busy_timeout(s->db, s->busy_ms);
	if ((rc & 0xff) == SQLITE_BUSY && !wait)
		return STORE_WRITE_BUSY;
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_state_write_one(s, &v[i]);
	return store_end_write(s, rc, err) ? STORE_WRITTEN : STORE_WRITE_FAILED;
}

bool
store_get_state(struct store *s, int64_t id, struct store_place *pl,
		struct err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_state_stmt(s, STORE_STATE_GET, &rc);

	memset(pl, 0, sizeof *pl);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		pl->opened = sqlite3_column_int(st, 0) != 0;
		pl->read = sqlite3_column_int(st, 1) != 0;
		pl->percent = sqlite3_column_int(st, 2);
		sqlite3_int64 pos = sqlite3_column_int64(st, 3);
		pl->position = pos > 0 ? (size_t)pos : 0;
	}
	if (st != NULL)
		sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       store_read_failed(s, rc, err);
}

bool
store_next_highlight_id(struct store *s, int64_t *id, struct err *err)
{
	int rc = SQLITE_OK;
	sqlite3_stmt *st = store_state_stmt(s, STORE_STATE_HL_NEXT_ID, &rc);

	*id = 1;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	if (st != NULL)
		sqlite3_reset(st);
	return rc == SQLITE_ROW || store_read_failed(s, rc, err);
}

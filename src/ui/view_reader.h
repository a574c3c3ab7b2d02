/* SPDX-License-Identifier: MIT */
/*
 * view_reader.h: the reading view: an article's header and body laid out
 * for the window's width, scrolled by line, page and half page. Its place
 * is the source offset of the top line, so a resize re-wraps the text and
 * keeps the same text at the top.
 */
#ifndef TSUNDOKU_VIEW_READER_H
#define TSUNDOKU_VIEW_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct conf;
struct doc;
struct highlight;
struct highlight_set;
struct store_place;
struct view;

/* Create a reader for d, which the view owns from now on (freed with the
 * view by v->ops->free), for article id (its row id) left at pl: the
 * reader owns the article's reading session from now on (see
 * view_reader_session). conf (text-width) stays the caller's, must
 * outlive the view, and may change between paints: the text is laid out
 * again when its width changes. */
struct view *view_reader_new(struct doc *d, const struct conf *conf,
			     int64_t id, const struct store_place *pl);

/* Return the row id of the article shown. */
int64_t view_reader_article(const struct view *v);

/* Store in *pl where the reader is: the source offset of the top line,
 * how far the bottom of the screen got in percent, and whether the
 * article counts as read (its end came on screen, or it was marked so).
 * Return true when that differs from what view_reader_saved was told
 * last: the session has something to save. */
bool view_reader_session(struct view *v, struct store_place *pl);

/* Say that *pl (from view_reader_session) was saved. */
void view_reader_saved(struct view *v, const struct store_place *pl);

/* Return the seconds since the session was last saved (or opened). */
double view_reader_since_saved(const struct view *v);

/* The reading log (readlog.h): the reader counts its time from the keys
 * it gets and what each paint shows. Say that another view went over
 * the reader: the time since its last key counts up to the idle limit,
 * and nothing more until a key reaches it again. */
void view_reader_pause(struct view *v);

/* Store in *out this opening's reading session as it stands, its spans
 * text in spans (which out->spans points into), and return true, when
 * it changed since the last call; else return false. */
struct buf;
struct store_session;
bool view_reader_log(struct view *v, struct store_session *out,
		     struct buf *spans);

/* Set the reading speed (characters and words a minute, 0: unknown)
 * the status line estimates the time left with. */
void view_reader_set_speed(struct view *v, double chars_per_min);

/* Return whether the article counts as read: its end came on screen, or
 * it was marked so (toggle-read, which the reader performs itself and
 * answers with VIEW_REQ_READ; seeing the end again marks it read only
 * when the end comes into view anew). */
bool view_reader_is_read(const struct view *v);

/* Return the document shown; it stays the view's. */
const struct doc *view_reader_doc(const struct view *v);

/* Scroll so that the line showing source offset off is at the top. The
 * search hit's number leaves the status line until n or N. */
void view_reader_goto(struct view *v, size_t off);

/* Scroll so that the line showing the byte at pct percent of the source
 * (0-100) is at the bottom, where the percentage shown is measured,
 * laying out only around it. Return VIEW_REDRAW,
 * or VIEW_UNHANDLED (doing nothing) when pct is negative. */
unsigned view_reader_goto_percent(struct view *v, int pct);

/* Parse the whole article (lazily loaded documents parse as they are
 * shown), for the views that list all of its links or headings. */
void view_reader_parse_all(struct view *v);

/* Show in the status how much of the article is laid out (a debug aid:
 * "[layout 2/595 chunks, cut 100%]": chunks laid out so far, chunks
 * known, "+" while the source is still being cut, and how far that is). */
void view_reader_set_debug(struct view *v, bool on);

/* Search the article for query (case and width folded, across inline
 * markup and line wraps), mark every hit and show the first one at or
 * after the top of the screen. Return the number of hits; with none the
 * view is left where it was and n/N do nothing. */
size_t view_reader_search(struct view *v, const char *query);

/* Replace the highlights drawn with the contents of *hs, which the view
 * takes over (leaving *hs empty). */
void view_reader_set_highlights(struct view *v, struct highlight_set *hs);

/* Return the highlights drawn; they stay the view's. */
const struct highlight_set *view_reader_highlights(const struct view *v);

/* Leave the selection (after it was saved): back to the caret. */
void view_reader_end_selection(struct view *v);

/* Put the caret (entering caret mode) on source offset off, scrolled
 * into view: a highlight chosen from a list. */
void view_reader_show_off(struct view *v, size_t off);

/* Return true when the last search found something (n and N work). */
bool view_reader_has_search(const struct view *v);

/* Say that the highlights drawn lack changes not written yet: the app
 * loads them again once they are (view_reader_set_highlights). */
void view_reader_mark_highlights_stale(struct view *v);

/* Return true after view_reader_mark_highlights_stale, until new
 * highlights are set. */
bool view_reader_highlights_stale(const struct view *v);

/* Keep *h (taken over: its strings are the view's now), the highlight
 * deleted last, for undo, forgetting the one kept before; NULL: keep
 * none. */
void view_reader_keep_deleted(struct view *v, struct highlight *h);

/* Return the highlight deleted last in this reader, or NULL. */
const struct highlight *view_reader_deleted(const struct view *v);

#endif

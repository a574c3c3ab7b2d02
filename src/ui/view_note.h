/* SPDX-License-Identifier: MIT */
/*
 * view_note.h: the editor of a highlight's note, as a view over the
 * bottom of the reader. Its keys are noteedit's; Esc and Ctrl-C cancel,
 * asking first when the text changed, so a note being typed is never
 * dropped without a question; an Alt key is Esc typed fast, then the
 * key, except Alt-Enter, a line break. Enter answers VIEW_CHOOSE: the app
 * saves the text and closes the view, or leaves it open when saving
 * failed; a cancel answers VIEW_CLOSE.
 */
#ifndef TSUNDOKU_VIEW_NOTE_H
#define TSUNDOKU_VIEW_NOTE_H

#include <stdbool.h>
#include <stdint.h>

struct view;

/* Open the editor on the note (NULL: none) of highlight id. */
struct view *view_note_new(int64_t id, const char *note);

/* Return the highlight whose note this is. */
int64_t view_note_highlight(const struct view *v);

/* Return the text written; it stays the view's. */
const char *view_note_text(const struct view *v);

/* Return true when the text differs from the note it started with. */
bool view_note_changed(const struct view *v);

#endif

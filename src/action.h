/* SPDX-License-Identifier: MIT */
/*
 * action.h: every action a key can trigger, declared once. The X-macro
 * below is the single source of truth: the enum, the name used in config
 * files and the man page, and the help text shown by the help screen all
 * come from it. Adding an action means adding one line here, a default
 * binding in keymap.c, and a handler in the view that performs it.
 */
#ifndef TSUNDOKU_ACTION_H
#define TSUNDOKU_ACTION_H

#include "i18n.h"

/* X(ID, config name, help text) */
#define ACTION_TABLE(X) \
	X(QUIT, "quit", N_("Quit tsundoku")) \
	X(HELP, "help", N_("Show the keys of this screen")) \
	X(COMMAND, "command", N_("Type a command such as :quit or :help")) \
	X(MOVE_DOWN, "move-down", N_("Move down one line")) \
	X(MOVE_UP, "move-up", N_("Move up one line")) \
	X(PAGE_DOWN, "page-down", N_("Move down one page")) \
	X(PAGE_UP, "page-up", N_("Move up one page")) \
	X(HALF_PAGE_DOWN, "half-page-down", N_("Move down half a page")) \
	X(HALF_PAGE_UP, "half-page-up", N_("Move up half a page")) \
	X(FIRST, "first", N_("Go to the top")) \
	X(LAST, "last", N_("Go to the bottom")) \
	X(GOTO_PERCENT, "goto-percent", N_("Go to a percentage of the article (type the number first)")) \
	X(OPEN, "open", N_("Open the selected article")) \
	X(BACK, "back", N_("Close this screen and go back")) \
	X(LINKS, "links", N_("List the article's links and images")) \
	X(OPEN_URL, "open-url", N_("Open the article's own address in a browser")) \
	X(OUTLINE, "outline", N_("Show the article's headings to jump to")) \
	X(SEARCH, "search", N_("Search the text; n and N go to the next and previous hit")) \
	X(SEARCH_NEXT, "search-next", N_("Go to the next search hit")) \
	X(SEARCH_PREV, "search-prev", N_("Go to the previous search hit")) \
	X(SCROLL_LEFT, "scroll-left", N_("Scroll code blocks to the left")) \
	X(SCROLL_RIGHT, "scroll-right", N_("Scroll code blocks to the right")) \
	X(TOGGLE_CODE_WRAP, "toggle-code-wrap", N_("Wrap code blocks, or scroll them sideways")) \
	X(TOGGLE_LEFTOVERS, "toggle-leftovers", N_("Show or hide the page leftovers at the end")) \
	X(CARET, "caret", N_("Show a caret to select text with; with the caret, start or end a selection")) \
	X(CARET_LEFT, "caret-left", N_("Move the caret one character left")) \
	X(CARET_RIGHT, "caret-right", N_("Move the caret one character right")) \
	X(WORD_NEXT, "word-next", N_("Move the caret to the start of the next word")) \
	X(WORD_PREV, "word-prev", N_("Move the caret back to the start of a word")) \
	X(WORD_END, "word-end", N_("Move the caret to the end of a word")) \
	X(SENTENCE_NEXT, "sentence-next", N_("Move the caret to the next sentence")) \
	X(SENTENCE_PREV, "sentence-prev", N_("Move the caret back to the start of a sentence")) \
	X(PARAGRAPH_NEXT, "paragraph-next", N_("Move the caret to the next paragraph")) \
	X(PARAGRAPH_PREV, "paragraph-prev", N_("Move the caret back to the start of a paragraph")) \
	X(LINE_START, "line-start", N_("Move the caret to the start of the line")) \
	X(LINE_END, "line-end", N_("Move the caret to the end of the line")) \
	X(SWAP_ENDS, "swap-ends", N_("Move the caret to the other end of the selection")) \
	X(SELECT_SENTENCE, "select-sentence", N_("Select the sentence under the caret")) \
	X(SELECT_PARAGRAPH, "select-paragraph", N_("Select the paragraph under the caret")) \
	X(HIGHLIGHT, "highlight", N_("Save the selection as a highlight in the default colour")) \
	X(HIGHLIGHT_COLOR_1, "highlight-1", N_("Save the selection in colour 1, or give the highlight under the caret colour 1")) \
	X(HIGHLIGHT_COLOR_2, "highlight-2", N_("Save the selection in colour 2, or give the highlight under the caret colour 2")) \
	X(HIGHLIGHT_COLOR_3, "highlight-3", N_("Save the selection in colour 3, or give the highlight under the caret colour 3")) \
	X(HIGHLIGHT_COLOR_4, "highlight-4", N_("Save the selection in colour 4, or give the highlight under the caret colour 4")) \
	X(NOTE, "note", N_("Save the selection and write a note, or edit the note of the highlight under the caret")) \
	X(COPY, "copy", N_("Copy the selection, or the highlight under the caret, to the clipboard")) \
	X(DELETE_HIGHLIGHT, "delete-highlight", N_("Delete the highlight under the caret")) \
	X(UNDO, "undo", N_("Bring back the highlight deleted last")) \
	X(NEXT_HIGHLIGHT, "next-highlight", N_("Go to the next highlight")) \
	X(PREV_HIGHLIGHT, "prev-highlight", N_("Go to the previous highlight")) \
	X(HIGHLIGHTS, "highlights", N_("List the highlights: the article's in the reader, all of them in the list")) \
	X(EXPORT, "export", N_("Export the highlights shown as Markdown")) \
	X(TOGGLE_READ, "toggle-read", N_("Mark the article read, or unread again")) \
	X(MARK_ALL_READ, "mark-all-read", N_("Mark every article shown as read (asks first)")) \
	X(SORT, "sort", N_("Sort by date, fetch date, title, source or last read, in turn")) \
	X(FILTER_UNREAD, "filter-unread", N_("Show only unread articles, or all of them again")) \
	X(FILTER_SOURCE, "filter-source", N_("Show only the articles of one source, picked from a list")) \
	X(NEXT_ARTICLE, "next-article", N_("Open the next article of the list")) \
	X(PREV_ARTICLE, "prev-article", N_("Open the previous article of the list")) \
	X(TOGGLE_RANK, "toggle-rank", N_("Order the results by relevance, or newest first again")) \
	PROMPT_ACTION_TABLE(X)

/* The line editor's actions (the prompt context), kept together. */
#define PROMPT_ACTION_TABLE(X) \
	X(EDIT_ACCEPT, "edit-accept", N_("Run the command or search typed")) \
	X(EDIT_CANCEL, "edit-cancel", N_("Close the line without running it")) \
	X(EDIT_LEFT, "edit-left", N_("Move the cursor one character left")) \
	X(EDIT_RIGHT, "edit-right", N_("Move the cursor one character right")) \
	X(EDIT_START, "edit-start", N_("Move the cursor to the start of the line")) \
	X(EDIT_END, "edit-end", N_("Move the cursor to the end of the line")) \
	X(EDIT_BACKSPACE, "edit-backspace", N_("Delete the character before the cursor (on an empty line: close it)")) \
	X(EDIT_DELETE, "edit-delete", N_("Delete the character under the cursor")) \
	X(EDIT_KILL_START, "edit-kill-start", N_("Delete from the start of the line to the cursor")) \
	X(EDIT_KILL_WORD, "edit-kill-word", N_("Delete the word before the cursor")) \
	X(EDIT_KILL_END, "edit-kill-end", N_("Delete from the cursor to the end of the line")) \
	X(EDIT_HISTORY_PREV, "edit-history-prev", N_("Replace the line with the one typed before it")) \
	X(EDIT_HISTORY_NEXT, "edit-history-next", N_("Replace the line with the one typed after it"))

enum action {
	ACTION_NONE,
#define ACTION_ENUM(id, name, help) ACTION_##id,
	ACTION_TABLE(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_N
};

struct action_info {
	const char *name;	/* config name, e.g. "move-down" */
	const char *help;	/* untranslated; pass through _() to show */
};

/* Return the description of action a (ACTION_NONE < a < ACTION_N). */
const struct action_info *action_info(enum action a);

/* Return the action whose config name is name, or ACTION_NONE. */
enum action action_by_name(const char *name);

#endif

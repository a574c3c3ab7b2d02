/* SPDX-License-Identifier: MIT */
/*
 * action.h: every action a key can trigger, declared once. The X-macro
 * below is the single source of truth: the enum, the name used in config
 * files and the man page, the help text shown by the help screen, and the
 * contexts where the action means something (a binding elsewhere is
 * refused) all come from it. Adding an action means adding one line here, a default
 * binding in keymap.c, and a handler in the view that performs it.
 */
#ifndef TSUNDOKU_ACTION_H
#define TSUNDOKU_ACTION_H

#include "base/i18n.h"

/* The contexts an action means something in, one bit per context in the
 * order of enum keymap_context (keymap.c checks that they agree). */
enum action_where {
	AW_LIST = 1u << 0,
	AW_READER = 1u << 1,
	AW_HELP = 1u << 2,
	AW_LINKS = 1u << 3,
	AW_OUTLINE = 1u << 4,
	AW_CARET = 1u << 5,
	AW_HIGHLIGHTS = 1u << 6,
	AW_RESULTS = 1u << 7,
	AW_PROMPT = 1u << 8,
	AW_SOURCES = 1u << 9,
	AW_STATS = 1u << 10,
	AW_REVIEW = 1u << 11,
	AW_MENUS = AW_LINKS | AW_OUTLINE | AW_HIGHLIGHTS | AW_RESULTS |
		   AW_SOURCES,
	AW_SCREENS = AW_LIST | AW_READER | AW_HELP | AW_CARET | AW_MENUS |
		     AW_STATS,
	/* Where leaving, help and the command line work: every screen and
	 * the review, whose letters are its own (k keeps, not up). */
	AW_ANYWHERE = AW_SCREENS | AW_REVIEW,
};

/* X(ID, config name, help text, where it means something: AW_* bits) */
#define ACTION_TABLE(X) \
	X(QUIT, "quit", N_("Quit tsundoku"), AW_ANYWHERE) \
	X(HELP, "help", N_("Show the keys of this screen"), AW_ANYWHERE) \
	X(COMMAND, "command", N_("Type a command such as :quit or :help"), AW_ANYWHERE) \
	X(MOVE_DOWN, "move-down", N_("Move down one line"), AW_SCREENS) \
	X(MOVE_UP, "move-up", N_("Move up one line"), AW_SCREENS) \
	X(PAGE_DOWN, "page-down", N_("Move down one page"), AW_SCREENS) \
	X(PAGE_UP, "page-up", N_("Move up one page"), AW_SCREENS) \
	X(HALF_PAGE_DOWN, "half-page-down", N_("Move down half a page"), AW_SCREENS) \
	X(HALF_PAGE_UP, "half-page-up", N_("Move up half a page"), AW_SCREENS) \
	X(FIRST, "first", N_("Go to the top, or to row N when a number N is typed first"), AW_SCREENS) \
	X(LAST, "last", N_("Go to the bottom, or to row N when a number N is typed first"), AW_SCREENS) \
	X(REDRAW, "redraw", N_("Repaint the whole screen"), AW_ANYWHERE) \
	X(GOTO_PERCENT, "goto-percent", N_("Go to a percentage of the article (type the number first)"), AW_READER | AW_CARET) \
	X(OPEN, "open", N_("Open the selected article"), AW_LIST | AW_MENUS | AW_REVIEW) \
	X(BACK, "back", N_("Close this screen and go back"), AW_ANYWHERE & ~AW_LIST) \
	X(LINKS, "links", N_("List the article's links and images"), AW_READER) \
	X(OPEN_URL, "open-url", N_("Open the article's own address in a browser"), AW_READER) \
	X(OUTLINE, "outline", N_("Show the article's headings to jump to"), AW_READER) \
	X(SEARCH, "search", N_("Search the text; n and N go to the next and previous hit"), AW_LIST | AW_READER | AW_CARET | AW_HIGHLIGHTS | AW_RESULTS) \
	X(SEARCH_NEXT, "search-next", N_("Go to the next search hit"), AW_READER | AW_CARET) \
	X(SEARCH_PREV, "search-prev", N_("Go to the previous search hit"), AW_READER | AW_CARET) \
	X(SCROLL_LEFT, "scroll-left", N_("Scroll code blocks to the left"), AW_READER) \
	X(SCROLL_RIGHT, "scroll-right", N_("Scroll code blocks to the right"), AW_READER) \
	X(TOGGLE_CODE_WRAP, "toggle-code-wrap", N_("Wrap code blocks, or scroll them sideways"), AW_READER) \
	X(TOGGLE_LEFTOVERS, "toggle-leftovers", N_("Show or hide the page leftovers at the end"), AW_READER) \
	X(CARET, "caret", N_("Show a caret to select text with; with the caret, start or end a selection"), AW_READER | AW_CARET) \
	X(CARET_LEFT, "caret-left", N_("Move the caret one character left"), AW_CARET) \
	X(CARET_RIGHT, "caret-right", N_("Move the caret one character right"), AW_CARET) \
	X(WORD_NEXT, "word-next", N_("Move the caret to the start of the next word"), AW_CARET) \
	X(WORD_PREV, "word-prev", N_("Move the caret back to the start of a word"), AW_CARET) \
	X(WORD_END, "word-end", N_("Move the caret to the end of a word"), AW_CARET) \
	X(SENTENCE_NEXT, "sentence-next", N_("Move the caret to the next sentence"), AW_CARET) \
	X(SENTENCE_PREV, "sentence-prev", N_("Move the caret back to the start of a sentence"), AW_CARET) \
	X(PARAGRAPH_NEXT, "paragraph-next", N_("Move the caret to the next paragraph"), AW_CARET) \
	X(PARAGRAPH_PREV, "paragraph-prev", N_("Move the caret back to the start of a paragraph"), AW_CARET) \
	X(LINE_START, "line-start", N_("Move the caret to the start of the line"), AW_CARET) \
	X(LINE_END, "line-end", N_("Move the caret to the end of the line"), AW_CARET) \
	X(SWAP_ENDS, "swap-ends", N_("Move the caret to the other end of the selection"), AW_CARET) \
	X(SELECT_SENTENCE, "select-sentence", N_("Select the sentence under the caret"), AW_CARET) \
	X(SELECT_PARAGRAPH, "select-paragraph", N_("Select the paragraph under the caret"), AW_CARET) \
	X(HIGHLIGHT, "highlight", N_("Save the selection as a highlight in the default colour"), AW_CARET) \
	X(HIGHLIGHT_COLOR_1, "highlight-1", N_("Save the selection in colour 1, or give the highlight under the caret colour 1"), AW_CARET) \
	X(HIGHLIGHT_COLOR_2, "highlight-2", N_("Save the selection in colour 2, or give the highlight under the caret colour 2"), AW_CARET) \
	X(HIGHLIGHT_COLOR_3, "highlight-3", N_("Save the selection in colour 3, or give the highlight under the caret colour 3"), AW_CARET) \
	X(HIGHLIGHT_COLOR_4, "highlight-4", N_("Save the selection in colour 4, or give the highlight under the caret colour 4"), AW_CARET) \
	X(NOTE, "note", N_("Save the selection and write a note, or edit the note of the highlight under the caret"), AW_CARET) \
	X(COPY, "copy", N_("Copy the selection, or the highlight under the caret, to the clipboard"), AW_CARET) \
	X(DELETE_HIGHLIGHT, "delete-highlight", N_("Delete the highlight under the caret"), AW_CARET) \
	X(UNDO, "undo", N_("Bring back the highlight deleted last"), AW_CARET) \
	X(NEXT_HIGHLIGHT, "next-highlight", N_("Go to the next highlight"), AW_READER | AW_CARET) \
	X(PREV_HIGHLIGHT, "prev-highlight", N_("Go to the previous highlight"), AW_READER | AW_CARET) \
	X(HIGHLIGHTS, "highlights", N_("List the highlights: the article's in the reader, all of them in the list"), AW_LIST | AW_READER | AW_CARET) \
	X(EXPORT, "export", N_("Export the highlights shown as Markdown"), AW_HIGHLIGHTS) \
	X(TOGGLE_READ, "toggle-read", N_("Mark the article read, or unread again"), AW_LIST | AW_READER) \
	X(MARK_ALL_READ, "mark-all-read", N_("Mark every article shown as read (asks first)"), AW_LIST) \
	X(SORT, "sort", N_("Sort by date, fetch date, title, source or last read, in turn"), AW_LIST) \
	X(FILTER_UNREAD, "filter-unread", N_("Show only unread articles, or all of them again"), AW_LIST) \
	X(FILTER_SOURCE, "filter-source", N_("Show only the articles of one source, picked from a list"), AW_LIST) \
	X(RESCAN, "rescan", N_("Look for new, changed and removed articles in the archive now"), AW_LIST) \
	X(STATS, "stats", N_("Show reading statistics: time read, streaks, charts"), AW_LIST) \
	X(REVIEW, "review", N_("Review today's highlights, a few at a time"), AW_LIST) \
	X(NEXT_ARTICLE, "next-article", N_("Open the next article of the list"), AW_READER) \
	X(PREV_ARTICLE, "prev-article", N_("Open the previous article of the list"), AW_READER) \
	X(TOGGLE_RANK, "toggle-rank", N_("Order the results by relevance, or newest first again"), AW_RESULTS) \
	X(TOGGLE_TABLE, "toggle-table", N_("Show the statistics as tables, or as charts again"), AW_STATS) \
	X(REVIEW_KEEP, "review-keep", N_("Keep the highlight: it comes back later, later each time"), AW_REVIEW) \
	X(REVIEW_MASTER, "review-master", N_("Master the highlight: it comes back much later"), AW_REVIEW) \
	X(REVIEW_DISCARD, "review-discard", N_("Discard the highlight from the review: it never comes back"), AW_REVIEW) \
	X(REVIEW_NOTE, "review-note", N_("Write or edit the highlight's note"), AW_REVIEW) \
	X(ASK_QUIT, "ask-quit", N_("Ask whether to quit tsundoku, and quit on y"), AW_ANYWHERE) \
	PROMPT_ACTION_TABLE(X)

/* The line editor's actions (the prompt context), kept together. */
#define PROMPT_ACTION_TABLE(X) \
	X(EDIT_ACCEPT, "edit-accept", N_("Run the command or search typed"), AW_PROMPT) \
	X(EDIT_CANCEL, "edit-cancel", N_("Close the line without running it"), AW_PROMPT) \
	X(EDIT_LEFT, "edit-left", N_("Move the cursor one character left"), AW_PROMPT) \
	X(EDIT_RIGHT, "edit-right", N_("Move the cursor one character right"), AW_PROMPT) \
	X(EDIT_START, "edit-start", N_("Move the cursor to the start of the line"), AW_PROMPT) \
	X(EDIT_END, "edit-end", N_("Move the cursor to the end of the line"), AW_PROMPT) \
	X(EDIT_BACKSPACE, "edit-backspace", N_("Delete the character before the cursor (on an empty line: close it)"), AW_PROMPT) \
	X(EDIT_DELETE, "edit-delete", N_("Delete the character under the cursor"), AW_PROMPT) \
	X(EDIT_KILL_START, "edit-kill-start", N_("Delete from the start of the line to the cursor"), AW_PROMPT) \
	X(EDIT_KILL_WORD, "edit-kill-word", N_("Delete the word before the cursor"), AW_PROMPT) \
	X(EDIT_KILL_END, "edit-kill-end", N_("Delete from the cursor to the end of the line"), AW_PROMPT) \
	X(EDIT_HISTORY_PREV, "edit-history-prev", N_("Replace the line with the one typed before it"), AW_PROMPT) \
	X(EDIT_HISTORY_NEXT, "edit-history-next", N_("Replace the line with the one typed after it"), AW_PROMPT)

enum action {
	ACTION_NONE,
#define ACTION_ENUM(id, name, help, where) ACTION_##id,
	ACTION_TABLE(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_N
};

struct action_info {
	const char *name;	/* config name, e.g. "move-down" */
	const char *help;	/* untranslated; pass through _() to show */
	unsigned where;		/* enum action_where bits */
};

/* Return the description of action a (ACTION_NONE < a < ACTION_N). */
const struct action_info *action_info(enum action a);

/* Return the action whose config name is name, or ACTION_NONE. */
enum action action_by_name(const char *name);

#endif

/*
 * thread.h: the index's messages as threads (Jamie Zawinski's algorithm
 * on Message-ID, References and In-Reply-To, with subjects as a fallback)
 * or as one sorted list; the rows shown when threads are folded; the
 * arrows drawn in front of a subject. Pure: no I/O, nothing shared.
 *
 * Threads are built this way:
 *  - A message's parent is the last id of its References, else its
 *    In-Reply-To; the ids before it link the ancestors when nothing
 *    linked them yet. A link that would make a loop (a message that
 *    names itself, A -> B -> A) is left out.
 *  - A message whose Message-ID one before it in the array already has
 *    is threaded on its own references, and replies go to the first one.
 *  - A parent that is not in the folder is no row: its messages move up
 *    to its own nearest parent that is here. Where there is none, the
 *    earliest of them becomes the root and the others its children.
 *  - Roots with the same eng_subject_base are gathered under the earliest
 *    one without a prefix (else the earliest of all), but only a root
 *    whose subject has a prefix ("Re: Plan") joins it, as mutt does: two
 *    messages both called "Plan" are two threads unless
 *    ENG_THREAD_SAME_SUBJECT is given. ENG_THREAD_NO_SUBJECT turns this
 *    off (mutt's strict threads).
 *  - Threads are sorted by the key applied to the root (ENG_SORT_LAST: the
 *    newest date in the thread), children by date, ties by UID.
 *
 * Building is O(n log n) in time and O(n) in memory for n messages: one
 * array per field, one table of ids, no allocation per message.
 */
#ifndef TAUBE_ENGINE_THREAD_H
#define TAUBE_ENGINE_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/sort.h"
#include "util/buf.h"
#include "util/err.h"

#define ENG_TREE_NONE		UINT32_MAX	/* no message */
#define ENG_TREE_MSGS_MAX	(1u << 24)	/* messages one tree holds */
#define ENG_TREE_REFS_MAX	64	/* ids of a References field read, the last ones */
#define ENG_TREE_LEVELS_MAX	64	/* levels eng_tree_prefix draws */

#define ENG_THREAD_SAME_SUBJECT	0x1	/* gather roots of equal subjects without a prefix */
#define ENG_THREAD_NO_SUBJECT	0x2	/* do not gather roots by subject at all */

struct eng_tree_opts {
	bool threads;		/* false: one sorted list */
	enum eng_sort_key key;	/* the list's order, or the threads' */
	bool descending;	/* of the list or the threads; children stay oldest first */
	unsigned flags;		/* ENG_THREAD_* */
};

/*
 * The messages (indexes into the array eng_tree_build read) as a forest.
 * A sorted list is a forest of roots. Every array has n entries.
 */
struct eng_tree {
	size_t n;
	uint32_t *parent;	/* ENG_TREE_NONE for a root */
	uint32_t *first_child;	/* the oldest child, or ENG_TREE_NONE */
	uint32_t *next_sibling;	/* the next newer child of the same parent */
	uint32_t *depth;	/* 0 for a root */
	uint32_t *size;		/* messages in the subtree, itself included */
	uint32_t *order;	/* every message in the order of the rows, parents first */
	uint32_t *pos;		/* where each message stands in order */
};

/*
 * Builds t over msgs[0..n): threads or one sorted list, as o says. The
 * strings of msgs are read only while it runs. -1 with e (ERR_FOLDER) when
 * n passes ENG_TREE_MSGS_MAX; t is then empty (and may be freed).
 */
int eng_tree_build(struct eng_tree *t, const struct eng_msg_view *msgs, size_t n,
    const struct eng_tree_opts *o, struct err *e);
void eng_tree_free(struct eng_tree *t);

/* The root of msg's thread. */
uint32_t eng_tree_root(const struct eng_tree *t, uint32_t msg);

/*
 * Writes to rows (room for t->n) the messages shown when every message
 * with collapsed[i] set shows without what is below it, and returns how
 * many. collapsed may be NULL: nothing folded. O(rows shown).
 */
size_t eng_tree_visible(const struct eng_tree *t, const bool *collapsed, uint32_t *rows);

/*
 * Appends the arrows drawn before msg's subject, as mutt draws them: for
 * each level above it "│ " where that ancestor has a newer sibling below,
 * else two spaces, then "├─>" when msg has a newer sibling, else "└─>".
 * A root gets nothing. ascii: "| ", "|->", "`->" instead. At most
 * max_levels (up to ENG_TREE_LEVELS_MAX) levels, the nearest ones.
 */
void eng_tree_prefix(struct buf *out, const struct eng_tree *t, uint32_t msg, bool ascii,
    unsigned max_levels);

#endif

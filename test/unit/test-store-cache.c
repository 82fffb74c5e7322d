/* Unit tests for store/cache: folders, summaries, flags, expunges, bodies, a 100 000-message load. */
#include "check.h"
#include "check-tmp.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/cache.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* A test's cache: a new file in a new directory. */
struct fixture {
	char *dir, *path;
	struct cache *c;
	struct err e;
};

static void
setup(struct fixture *f)
{
	f->dir = check_tmpdir("cache");
	f->path = xasprintf("%s/cache/acct.sqlite", f->dir);
	err_clear(&f->e);
	if (cache_open(&f->c, f->path, &f->e) != 0) {
		printf("# cache_open: %s\n", f->e.msg);
		exit(99);
	}
}

static void
teardown(struct fixture *f)
{
	cache_close(f->c);
	free(f->path);
	check_rm_tree(f->dir);
}

/* Adds a folder with the given UIDVALIDITY and returns its id. */
static int64_t
add_folder(struct fixture *f, const char *name, uint32_t uidvalidity)
{
	struct cache_folder fo = { .name = (char *)name, .uidvalidity = uidvalidity };

	if (cache_folder_put(f->c, &fo, &f->e) != 0) {
		printf("# cache_folder_put: %s\n", f->e.msg);
		exit(99);
	}
	return fo.id;
}

static struct cache_msg
msg(uint32_t uid, const char *subject)
{
	struct cache_msg m = { .uid = uid, .subject = subject, .size = 100 + uid,
		.internaldate = 1700000000 + uid };

	return m;
}

/* Collects "uid:subject " for every loaded message. */
static int
collect(const struct cache_msg *m, void *arg)
{
	buf_addf(arg, "%u:%s ", m->uid, m->subject != NULL ? m->subject : "-");
	return 0;
}

static char *
loaded(struct fixture *f, int64_t folder)
{
	struct buf b = BUF_INIT;

	if (cache_msgs_load(f->c, folder, collect, &b, &f->e) != 0)
		buf_adds(&b, "(error)");
	return buf_detach(&b);
}

#define CHECK_LOADED(f, folder, want)                                        \
	do {                                                                 \
		char *got_ = loaded((f), (folder));                          \
		CHECK_STR_EQ(got_, (want));                                  \
		free(got_);                                                  \
	} while (0)

TEST(cache_open_creates_the_directory_0700_and_the_file_0600)
{
	struct fixture f;
	struct stat st;
	char *dir;

	umask(022);
	setup(&f);
	dir = xasprintf("%s/cache", f.dir);
	CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
	CHECK_INT_EQ(st.st_mode & 0777, 0700);
	CHECK(stat(f.path, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	free(dir);
	dir = xasprintf("%s-wal", f.path);
	/* the WAL, written by the first transaction, gets the same mode */
	add_folder(&f, "INBOX", 1);
	CHECK(stat(dir, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	free(dir);
	teardown(&f);
}

TEST(cache_open_makes_a_file_readable_by_others_private)
{
	char *dir = check_tmpdir("cache"), *path = xasprintf("%s/c.sqlite", dir);
	struct cache *c = NULL;
	struct stat st;
	struct err e;
	FILE *fp = fopen(path, "w");

	fclose(fp);
	chmod(path, 0644);
	CHECK_INT_EQ(cache_open(&c, path, &e), 0);
	CHECK(stat(path, &st) == 0);
	CHECK_INT_EQ(st.st_mode & 0777, 0600);
	cache_close(c);
	free(path);
	check_rm_tree(dir);
}

TEST(cache_path_for_account_is_under_xdg_cache_home_and_escapes_odd_bytes)
{
	const char *old = getenv("XDG_CACHE_HOME");
	char *saved = old != NULL ? xstrdup(old) : NULL, *p;

	setenv("XDG_CACHE_HOME", "/nonexistent/cache", 1);
	p = cache_path_for_account("work");
	CHECK_STR_EQ(p, "/nonexistent/cache/taube/work.sqlite");
	free(p);
	p = cache_path_for_account("a/../b c");
	CHECK_STR_EQ(p, "/nonexistent/cache/taube/a%2F..%2Fb%20c.sqlite");
	free(p);
	if (saved != NULL)
		setenv("XDG_CACHE_HOME", saved, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(saved);
}

TEST(cache_folder_put_then_get_gives_back_every_field)
{
	struct cache_folder in = { .name = "Archives/2024 — Ünïcode", .delim = '/',
		.attrs = CACHE_FOLDER_ARCHIVE, .uidvalidity = 3857529045u,
		.uidnext = 4392, .highestmodseq = (1ull << 62) + 5, .exists = 4000,
		.unseen = 12, .synced = 1700000123 };
	struct cache_folder out;
	struct fixture f;

	setup(&f);
	CHECK_INT_EQ(cache_folder_put(f.c, &in, &f.e), 0);
	CHECK(in.id > 0);
	CHECK_INT_EQ(cache_folder_get(f.c, in.name, &out, &f.e), 1);
	CHECK_INT_EQ(out.id, in.id);
	CHECK_STR_EQ(out.name, in.name);
	CHECK_INT_EQ(out.delim, '/');
	CHECK_INT_EQ(out.attrs, CACHE_FOLDER_ARCHIVE);
	CHECK_INT_EQ(out.uidvalidity, 3857529045u);
	CHECK_INT_EQ(out.uidnext, 4392);
	CHECK(out.highestmodseq == (1ull << 62) + 5);
	CHECK_INT_EQ(out.exists, 4000);
	CHECK_INT_EQ(out.unseen, 12);
	CHECK_INT_EQ(out.synced, 1700000123);
	cache_folder_free(&out);
	CHECK_INT_EQ(cache_folder_get(f.c, "Nope", &out, &f.e), 0);
	teardown(&f);
}

TEST(cache_folder_put_updates_in_place_and_list_is_by_name)
{
	struct cache_folder fo = { .name = "Sent", .uidvalidity = 7, .uidnext = 10 };
	struct vec v = VEC_INIT(struct cache_folder);
	struct fixture f;
	int64_t id;

	setup(&f);
	add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_folder_put(f.c, &fo, &f.e), 0);
	id = fo.id;
	fo.uidnext = 11;
	fo.id = 0;
	CHECK_INT_EQ(cache_folder_put(f.c, &fo, &f.e), 0);
	CHECK_INT_EQ(fo.id, id);
	add_folder(&f, "Drafts", 2);
	CHECK_INT_EQ(cache_folder_list(f.c, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 3);
	if (v.len == 3) {
		CHECK_STR_EQ(VEC_AT(&v, struct cache_folder, 0)->name, "Drafts");
		CHECK_STR_EQ(VEC_AT(&v, struct cache_folder, 1)->name, "INBOX");
		CHECK_STR_EQ(VEC_AT(&v, struct cache_folder, 2)->name, "Sent");
		CHECK_INT_EQ(VEC_AT(&v, struct cache_folder, 2)->uidnext, 11);
	}
	cache_folder_list_free(&v);
	teardown(&f);
}

TEST(cache_folder_put_refuses_a_new_uidvalidity_without_a_reset)
{
	struct cache_folder fo = { .name = "INBOX", .uidvalidity = 2 };
	struct fixture f;

	setup(&f);
	add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_folder_put(f.c, &fo, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_FOLDER);
	CHECK(strstr(f.e.msg, "UIDVALIDITY") != NULL);
	teardown(&f);
}

TEST(cache_folder_reset_drops_messages_and_bodies_and_keeps_the_folder)
{
	struct cache_msg m[2] = { msg(1, "a"), msg(2, "b") };
	struct cache_folder fo;
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t inbox, other;
	size_t n = 99;

	setup(&f);
	inbox = add_folder(&f, "INBOX", 1);
	other = add_folder(&f, "Other", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, inbox, m, 2, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_put(f.c, other, m, 2, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, inbox, 1, "body", 4, &f.e), 0);
	CHECK_INT_EQ(cache_folder_reset(f.c, inbox, 99, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_count(f.c, inbox, &n, &f.e), 0);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(cache_body_get(f.c, inbox, 1, &b, &f.e), 0);
	CHECK_INT_EQ(cache_folder_get(f.c, "INBOX", &fo, &f.e), 1);
	CHECK_INT_EQ(fo.uidvalidity, 99);
	CHECK_INT_EQ(fo.id, inbox);
	cache_folder_free(&fo);
	CHECK_LOADED(&f, other, "1:a 2:b ");
	CHECK_INT_EQ(cache_folder_reset(f.c, 12345, 1, &f.e), -1);
	buf_free(&b);
	teardown(&f);
}

TEST(cache_folder_delete_forgets_the_folder_and_its_messages)
{
	struct cache_msg m = msg(5, "x");
	struct cache_folder fo;
	struct fixture f;
	int64_t id;
	size_t n = 99;

	setup(&f);
	id = add_folder(&f, "Trash", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_folder_delete(f.c, id, &f.e), 0);
	CHECK_INT_EQ(cache_folder_get(f.c, "Trash", &fo, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_count(f.c, id, &n, &f.e), 0);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(cache_folder_delete(f.c, id, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_FOLDER);
	teardown(&f);
}

/* Every field of a summary, so that a round trip shows none is lost or swapped. */
static struct cache_msg
full_msg(void)
{
	struct cache_msg m = { .uid = 42, .flags = CACHE_SEEN | CACHE_FLAGGED,
		.size = 123456, .has_attachment = true, .modseq = 9000000000ull,
		.internaldate = 1700000001, .date = 1699999999,
		.keywords = "$Forwarded $Label1", .from = "Anne Ämple",
		.from_email = "anne@example.test", .to = "Bob, carol@example.test",
		.subject = "Re: the plan", .message_id = "id42@example.test",
		.in_reply_to = "id41@example.test",
		.references = "id1@example.test id41@example.test" };

	return m;
}

static int
check_full(const struct cache_msg *m, void *arg)
{
	struct cache_msg w = full_msg();

	(*(int *)arg)++;
	CHECK_INT_EQ(m->uid, w.uid);
	CHECK_INT_EQ(m->flags, w.flags);
	CHECK_INT_EQ(m->size, w.size);
	CHECK(m->has_attachment);
	CHECK(m->modseq == w.modseq);
	CHECK_INT_EQ(m->internaldate, w.internaldate);
	CHECK_INT_EQ(m->date, w.date);
	CHECK_STR_EQ(m->keywords, w.keywords);
	CHECK_STR_EQ(m->from, w.from);
	CHECK_STR_EQ(m->from_email, w.from_email);
	CHECK_STR_EQ(m->to, w.to);
	CHECK_STR_EQ(m->subject, w.subject);
	CHECK_STR_EQ(m->message_id, w.message_id);
	CHECK_STR_EQ(m->in_reply_to, w.in_reply_to);
	CHECK_STR_EQ(m->references, w.references);
	return 0;
}

TEST(cache_msgs_put_then_load_gives_back_every_field)
{
	struct cache_msg m = full_msg(), bare = { .uid = 43 };
	struct cache_msg_list l;
	struct fixture f;
	int64_t id;
	int seen = 0;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_load(f.c, id, check_full, &seen, &f.e), 0);
	CHECK_INT_EQ(seen, 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &bare, 1, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_load_all(f.c, id, &l, &f.e), 0);
	CHECK_INT_EQ(l.len, 2);
	if (l.len == 2) {
		check_full(&l.msgs[0], &seen);
		CHECK(l.msgs[1].subject == NULL && l.msgs[1].references == NULL);
	}
	cache_msg_list_free(&l);
	teardown(&f);
}

TEST(cache_msgs_put_replaces_a_summary_and_keeps_its_body)
{
	struct cache_msg m = msg(7, "old");
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 7, "raw", 3, &f.e), 0);
	m.subject = "new";
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	CHECK_LOADED(&f, id, "7:new ");
	CHECK_INT_EQ(cache_body_get(f.c, id, 7, &b, &f.e), 1);
	CHECK_STR_EQ(buf_cstr(&b), "raw");
	buf_free(&b);
	teardown(&f);
}

TEST(cache_msgs_put_is_all_or_nothing)
{
	struct cache_msg m[3] = { msg(1, "a"), msg(0, "bad"), msg(3, "c") };
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 3, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_MESSAGE);
	CHECK_LOADED(&f, id, "");
	CHECK_INT_EQ(cache_msgs_put(f.c, id + 1, m, 1, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_FOLDER);
	teardown(&f);
}

static int
check_flags(const struct cache_msg *m, void *arg)
{
	buf_addf(arg, "%u:%x:%s:%ju ", m->uid, m->flags,
	    m->keywords != NULL ? m->keywords : "-", (uintmax_t)m->modseq);
	return 0;
}

TEST(cache_msgs_set_flags_changes_flags_keywords_and_modseq)
{
	struct cache_msg m[3] = { msg(1, "a"), msg(2, "b"), msg(3, "c") };
	struct cache_flags u[3] = {
		{ 1, CACHE_SEEN, NULL, 50 },
		{ 3, CACHE_DELETED | CACHE_SEEN, "$Junk", 0 },
		{ 9, CACHE_SEEN, NULL, 51 },	/* not cached: skipped */
	};
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	m[2].modseq = 40;
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 3, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_set_flags(f.c, id, u, 3, &f.e), 0);
	CHECK_INT_EQ(cache_msg_set_flags(f.c, id, 2, CACHE_ANSWERED, "$Forwarded", 52,
	    &f.e), 0);
	CHECK_INT_EQ(cache_msgs_load(f.c, id, check_flags, &b, &f.e), 0);
	CHECK_STR_EQ(buf_cstr(&b), "1:1:-:50 2:2:$Forwarded:52 3:9:$Junk:40 ");
	buf_free(&b);
	teardown(&f);
}

TEST(cache_msgs_delete_forgets_listed_uids_and_ranges_with_their_bodies)
{
	struct cache_msg m[6] = { msg(1, "a"), msg(2, "b"), msg(3, "c"),
		msg(10, "d"), msg(11, "e"), msg(20, "f") };
	uint32_t gone[3] = { 2, 11, 999 };
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 6, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 2, "x", 1, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_delete(f.c, id, gone, 3, &f.e), 0);
	CHECK_LOADED(&f, id, "1:a 3:c 10:d 20:f ");
	CHECK_INT_EQ(cache_body_get(f.c, id, 2, &b, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_delete_range(f.c, id, 3, 10, &f.e), 0);
	CHECK_LOADED(&f, id, "1:a 20:f ");
	buf_free(&b);
	teardown(&f);
}

TEST(cache_msgs_load_is_in_uid_order_and_keeps_folders_apart)
{
	struct cache_msg m[4] = { msg(4000000000u, "z"), msg(5, "b"), msg(1, "a"),
		msg(70, "c") };
	struct vec uids = VEC_INIT(uint32_t);
	struct fixture f;
	int64_t a, b;
	uint32_t max = 0;
	size_t n = 0;

	setup(&f);
	a = add_folder(&f, "A", 1);
	b = add_folder(&f, "B", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, a, m, 4, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_put(f.c, b, m + 2, 1, &f.e), 0);
	CHECK_LOADED(&f, a, "1:a 5:b 70:c 4000000000:z ");
	CHECK_LOADED(&f, b, "1:a ");
	CHECK_INT_EQ(cache_msgs_uids(f.c, a, &uids, &f.e), 0);
	CHECK_INT_EQ(uids.len, 4);
	if (uids.len == 4)
		CHECK_INT_EQ(*VEC_AT(&uids, uint32_t, 3), 4000000000u);
	CHECK_INT_EQ(cache_msgs_max_uid(f.c, a, &max, &f.e), 0);
	CHECK_INT_EQ(max, 4000000000u);
	CHECK_INT_EQ(cache_msgs_max_uid(f.c, b, &max, &f.e), 0);
	CHECK_INT_EQ(max, 1);
	CHECK_INT_EQ(cache_msgs_count(f.c, a, &n, &f.e), 0);
	CHECK_INT_EQ(n, 4);
	vec_free(&uids);
	teardown(&f);
}

static int
stop_at_two(const struct cache_msg *m, void *arg)
{
	(*(int *)arg)++;
	return m->uid == 2 ? -1 : 0;
}

TEST(cache_msgs_load_stops_when_the_callback_says_so)
{
	struct cache_msg m[3] = { msg(1, "a"), msg(2, "b"), msg(3, "c") };
	struct fixture f;
	int64_t id;
	int calls = 0;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 3, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_load(f.c, id, stop_at_two, &calls, &f.e), -1);
	CHECK_INT_EQ(calls, 2);
	/* the statement was reset: writing is not blocked by a half-read */
	CHECK_INT_EQ(cache_msgs_delete_range(f.c, id, 1, 3, &f.e), 0);
	teardown(&f);
}

TEST(cache_body_round_trip_is_byte_exact_with_nul_bytes_and_10_mb)
{
	static const char small[] = "From: a@x\r\n\r\nbin\0ary\0\r\n";
	size_t big_len = 10u << 20;
	unsigned char *big = xmalloc(big_len);
	struct cache_msg m[3] = { msg(1, "a"), msg(2, "b"), msg(3, "c") };
	struct buf b = BUF_INIT;
	struct fixture f;
	uint32_t x = 2463534242u;
	int64_t id;

	for (size_t i = 0; i < big_len; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		big[i] = (unsigned char)x;
	}
	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 3, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 1, small, sizeof(small), &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 2, big, big_len, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 3, "", 0, &f.e), 0);
	CHECK_INT_EQ(cache_body_get(f.c, id, 1, &b, &f.e), 1);
	CHECK_MEM_EQ(b.data, b.len, small, sizeof(small));
	buf_reset(&b);
	CHECK_INT_EQ(cache_body_get(f.c, id, 2, &b, &f.e), 1);
	CHECK_MEM_EQ(b.data, b.len, big, big_len);
	buf_reset(&b);
	CHECK_INT_EQ(cache_body_get(f.c, id, 3, &b, &f.e), 1);
	CHECK_INT_EQ(b.len, 0);
	buf_free(&b);
	free(big);
	teardown(&f);
}

TEST(cache_body_put_skips_a_body_over_the_cap_and_refuses_an_unknown_message)
{
	struct cache_msg m = msg(1, "a");
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	cache_set_body_limits(f.c, 10, 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 1, "0123456789A", 11, &f.e), 0);
	CHECK_INT_EQ(cache_body_get(f.c, id, 1, &b, &f.e), 0);
	CHECK_INT_EQ(cache_body_put(f.c, id, 2, "x", 1, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_MESSAGE);
	CHECK(strstr(f.e.msg, "UID 2") != NULL);
	buf_free(&b);
	teardown(&f);
}

TEST(cache_body_put_evicts_the_least_recently_used_bodies_past_the_total_cap)
{
	struct cache_msg m[10];
	char data[100];
	struct buf b = BUF_INIT;
	struct fixture f;
	int64_t id;
	int kept = 0;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	for (uint32_t i = 0; i < 10; i++)
		m[i] = msg(i + 1, "m");
	memset(data, 'x', sizeof(data));
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 10, &f.e), 0);
	cache_set_body_limits(f.c, 0, 500);
	for (uint32_t uid = 1; uid <= 6; uid++)
		CHECK_INT_EQ(cache_body_put(f.c, id, uid, data, sizeof(data), &f.e), 0);
	/* 600 > 500: down to 450 or less, the newest (6) kept */
	for (uint32_t uid = 1; uid <= 6; uid++) {
		buf_reset(&b);
		kept += cache_body_get(f.c, id, uid, &b, &f.e);
	}
	CHECK_INT_EQ(kept, 4);
	buf_reset(&b);
	CHECK_INT_EQ(cache_body_get(f.c, id, 6, &b, &f.e), 1);
	buf_free(&b);
	teardown(&f);
}

TEST(cache_begin_groups_calls_and_rollback_undoes_them)
{
	struct cache_msg m[2] = { msg(1, "a"), msg(2, "b") };
	struct cache_folder fo = { .name = "INBOX", .uidvalidity = 1, .uidnext = 3 };
	struct fixture f;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_begin(f.c, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_folder_put(f.c, &fo, &f.e), 0);
	CHECK_INT_EQ(cache_commit(f.c, &f.e), 0);
	CHECK_INT_EQ(cache_begin(f.c, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m + 1, 1, &f.e), 0);
	/* a failing call inside undoes only itself */
	CHECK_INT_EQ(cache_msgs_put(f.c, id + 7, m, 1, &f.e), -1);
	CHECK_LOADED(&f, id, "1:a 2:b ");
	cache_rollback(f.c);
	CHECK_LOADED(&f, id, "1:a ");
	teardown(&f);
}

TEST(cache_meta_keeps_small_values)
{
	struct buf b = BUF_INIT;
	struct fixture f;

	setup(&f);
	CHECK_INT_EQ(cache_meta_get(f.c, "server", &b, &f.e), 0);
	CHECK_INT_EQ(cache_meta_put(f.c, "server", "imaps://a", &f.e), 0);
	CHECK_INT_EQ(cache_meta_put(f.c, "server", "imaps://b", &f.e), 0);
	CHECK_INT_EQ(cache_meta_get(f.c, "server", &b, &f.e), 1);
	CHECK_STR_EQ(buf_cstr(&b), "imaps://b");
	buf_free(&b);
	teardown(&f);
}

TEST(cache_two_handles_on_one_file_see_each_others_writes)
{
	struct cache_msg m = msg(1, "a");
	struct cache *other;
	struct fixture f;
	size_t n = 0;
	int64_t id;

	setup(&f);
	CHECK_INT_EQ(cache_open(&other, f.path, &f.e), 0);
	id = add_folder(&f, "INBOX", 1);
	CHECK_INT_EQ(cache_msgs_put(f.c, id, &m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_count(other, id, &n, &f.e), 0);
	CHECK_INT_EQ(n, 1);
	cache_close(other);
	teardown(&f);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define PERF_N	100000

/* Strings like a real index: the arena holds them all at once, as a sync batch would. */
static struct cache_msg *
perf_msgs(char **arena)
{
	struct cache_msg *m = xcalloc(PERF_N, sizeof(*m));
	char *p = *arena = xmalloc((size_t)PERF_N * 256);

	for (uint32_t i = 0; i < PERF_N; i++) {
		m[i].uid = i + 1;
		m[i].flags = i % 3 ? CACHE_SEEN : 0;
		m[i].size = 2000 + i % 50000;
		m[i].internaldate = m[i].date = 1600000000 + (int64_t)i * 300;
		m[i].from = p;
		p += sprintf(p, "Sender Number %u", i % 500) + 1;
		m[i].from_email = p;
		p += sprintf(p, "sender%u@example.test", i % 500) + 1;
		m[i].to = "Me Myself";
		m[i].subject = p;
		p += sprintf(p, "Re: the discussion about item %u of the list", i / 3) + 1;
		m[i].message_id = p;
		p += sprintf(p, "%u.%u@mail.example.test", i, i * 7919u) + 1;
		if (i % 3 != 0) {
			m[i].in_reply_to = m[i - 1].message_id;
			m[i].references = m[i - 1].message_id;
		}
	}
	return m;
}

static int
count_msg(const struct cache_msg *m, void *arg)
{
	*(size_t *)arg += m->subject != NULL;
	return 0;
}

TEST(cache_perf_smoke_puts_and_loads_100000_messages)
{
	char *arena;
	struct cache_msg *m = perf_msgs(&arena);
	struct cache_folder fo;
	struct rusage ru;
	struct fixture f;
	double t0, t1, t2, t3;
	size_t n = 0;
	int64_t id;

	setup(&f);
	id = add_folder(&f, "INBOX", 1);
	t0 = now();
	CHECK_INT_EQ(cache_msgs_put(f.c, id, m, PERF_N, &f.e), 0);
	t1 = now();
	CHECK_INT_EQ(cache_msgs_load(f.c, id, count_msg, &n, &f.e), 0);
	t2 = now();
	CHECK_INT_EQ(n, PERF_N);
	free(m);
	free(arena);
	cache_close(f.c);
	/* what reopening a folder with nothing changed costs the cache */
	n = 0;
	t3 = now();
	CHECK_INT_EQ(cache_open(&f.c, f.path, &f.e), 0);
	CHECK_INT_EQ(cache_folder_get(f.c, "INBOX", &fo, &f.e), 1);
	CHECK_INT_EQ(cache_msgs_load(f.c, fo.id, count_msg, &n, &f.e), 0);
	t3 = now() - t3;
	CHECK_INT_EQ(n, PERF_N);
	cache_folder_free(&fo);
	getrusage(RUSAGE_SELF, &ru);
	printf("# %d messages put in %.3f s, loaded in %.3f s\n", PERF_N, t1 - t0,
	    t2 - t1);
	printf("# open, folder and load again: %.3f s; peak RSS of the test %ld KiB\n",
	    t3, ru.ru_maxrss);
	teardown(&f);
}

TEST(cache_counts_unseen_messages_without_loading_them)
{
	struct cache_msg m[3] = { msg(1, "a"), msg(2, "b"), msg(3, "c") };
	struct fixture f;
	int64_t inbox, other;
	size_t n = 99;

	setup(&f);
	inbox = add_folder(&f, "INBOX", 1);
	other = add_folder(&f, "Other", 1);
	m[1].flags = CACHE_SEEN | CACHE_FLAGGED;
	m[2].flags = CACHE_FLAGGED;
	CHECK_INT_EQ(cache_msgs_put(f.c, inbox, m, 3, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_put(f.c, other, m, 1, &f.e), 0);
	CHECK_INT_EQ(cache_msgs_count_unseen(f.c, inbox, &n, &f.e), 0);
	CHECK_INT_EQ(n, 2);
	CHECK_INT_EQ(cache_msgs_count_unseen(f.c, other, &n, &f.e), 0);
	CHECK_INT_EQ(n, 1);
	teardown(&f);
}

CHECK_MAIN(cache_open_creates_the_directory_0700_and_the_file_0600,
    cache_open_makes_a_file_readable_by_others_private,
    cache_path_for_account_is_under_xdg_cache_home_and_escapes_odd_bytes,
    cache_folder_put_then_get_gives_back_every_field,
    cache_folder_put_updates_in_place_and_list_is_by_name,
    cache_folder_put_refuses_a_new_uidvalidity_without_a_reset,
    cache_folder_reset_drops_messages_and_bodies_and_keeps_the_folder,
    cache_folder_delete_forgets_the_folder_and_its_messages,
    cache_msgs_put_then_load_gives_back_every_field,
    cache_msgs_put_replaces_a_summary_and_keeps_its_body,
    cache_msgs_put_is_all_or_nothing,
    cache_msgs_set_flags_changes_flags_keywords_and_modseq,
    cache_msgs_delete_forgets_listed_uids_and_ranges_with_their_bodies,
    cache_msgs_load_is_in_uid_order_and_keeps_folders_apart,
    cache_msgs_load_stops_when_the_callback_says_so,
    cache_body_round_trip_is_byte_exact_with_nul_bytes_and_10_mb,
    cache_body_put_skips_a_body_over_the_cap_and_refuses_an_unknown_message,
    cache_body_put_evicts_the_least_recently_used_bodies_past_the_total_cap,
    cache_begin_groups_calls_and_rollback_undoes_them,
    cache_meta_keeps_small_values,
    cache_two_handles_on_one_file_see_each_others_writes,
    cache_perf_smoke_puts_and_loads_100000_messages,
    cache_counts_unseen_messages_without_loading_them)

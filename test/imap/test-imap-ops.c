/* test-imap-ops.c: every IMAP operation against the sandbox Dovecot, each result confirmed by imaplib. */
#include "check.h"
#include "imap-test.h"

#include <inttypes.h>

#include "net/imap-ops.h"
#include "net/imap-session.h"
#include "util/str.h"
#include "util/vec.h"

#define SEEDED	1000

/* S: the main session (QRESYNC on); F: one that ignores extensions, to run the fallbacks. */
static struct imap_session *S, *F;
static struct buf out, big;
static uint32_t big_uid;

/* What reached the event handler. */
static struct {
	uint32_t exists;
	unsigned expunges, fetches, vanished;
} ev;

static void
on_event(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct err e;

	(void)arg;
	if (type == IMAP_T_EXISTS)
		imap_resp_number(r, &ev.exists, &e);
	ev.expunges += type == IMAP_T_EXPUNGE;
	ev.fetches += type == IMAP_T_FETCH;
	ev.vanished += type == IMAP_T_VANISHED;
}

static struct imap_session *
connect_session(uint64_t ignore, int cancel_fd)
{
	struct imap_session *s = imap_session_new();
	struct net_endpoint ep;
	struct err e;

	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.cancel_fd = cancel_fd;
	imap_session_ignore_caps(s, ignore);
	imap_session_on_event(s, on_event, NULL);
	if (imap_session_connect(s, &ep, &e) < 0)
		printf("# connect: %s\n", e.msg);
	return s;
}

static bool
select_ok(struct imap_session *s, const char *raw, struct imap_mailbox *mb)
{
	struct err e;

	if (imap_select(s, raw, false, NULL, mb, NULL, NULL, &e) == 0)
		return true;
	CHECK_FAIL_AT("select %s: %s", raw, e.msg);
	return false;
}

/* imaplib's UIDs of FOLDER [CRITERIA] as "1 2 3". */
static const char *
py_uids(const char *folder_and_criteria)
{
	pycheck(&out, "uids %s", folder_and_criteria);
	while (out.len > 0 && out.data[out.len - 1] == '\n')
		buf_truncate(&out, out.len - 1);
	return buf_cstr(&out);
}

/* The UIDs in a vec of uint32_t, as imaplib prints them (sorted). */
static void
format_uids(struct buf *b, const struct vec *uids)
{
	uint32_t *u = uids->items;

	buf_reset(b);
	for (size_t i = 0; i < uids->len; i++)
		for (size_t j = i + 1; j < uids->len; j++)
			if (u[j] < u[i]) {
				uint32_t t = u[i];

				u[i] = u[j];
				u[j] = t;
			}
	for (size_t i = 0; i < uids->len; i++)
		buf_addf(b, "%s%" PRIu32, i ? " " : "", u[i]);
}

static void
set_of(struct imap_seqset *set, uint32_t lo, uint32_t hi)
{
	imap_seqset_init(set);
	imap_seqset_add(set, lo, hi);
}

TEST(setup)
{
	struct err e;

	sbx_load();
	CHECK(net_global_init(&e) == 0);
	S = connect_session(0, -1);
	F = connect_session(IMAP_CAP_LIST_STATUS | IMAP_CAP_MOVE | IMAP_CAP_ESEARCH |
	    IMAP_CAP_LITERAL_PLUS | IMAP_CAP_LITERAL_MINUS, -1);
	CHECK(imap_session_alive(S) && imap_session_alive(F));
	CHECK(imap_enable(S, IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE, &e) == 0);
	CHECK((imap_session_enabled(S) & (IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE)) ==
	    (IMAP_CAP_QRESYNC | IMAP_CAP_CONDSTORE));
	CHECK(imap_session_has(S, IMAP_CAP_MOVE) && !imap_session_has(F, IMAP_CAP_MOVE));
}

static const struct imap_folder *
folder(const struct vec *v, const char *name)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(VEC_AT(v, struct imap_folder, i)->name, name) == 0)
			return VEC_AT(v, struct imap_folder, i);
	return NULL;
}

/* The special uses and INBOX's counts, as imaplib's STATUS has them. */
static void
check_folders(const struct vec *v)
{
	static const struct { const char *name; unsigned use; } uses[] = {
		{ "Sent", IMAP_MBOX_SENT }, { "Drafts", IMAP_MBOX_DRAFTS },
		{ "Trash", IMAP_MBOX_TRASH }, { "Junk", IMAP_MBOX_JUNK },
		{ "Archive", IMAP_MBOX_ARCHIVE },
	};
	const struct imap_folder *inbox = folder(v, "INBOX");
	unsigned messages = 0, unseen = 0;
	const char *p;

	for (size_t i = 0; i < 5; i++) {
		const struct imap_folder *f = folder(v, uses[i].name);

		CHECK(f != NULL && (f->attrs & uses[i].use) && f->has_counts);
	}
	pycheck(&out, "status INBOX");
	if ((p = strstr(buf_cstr(&out), "MESSAGES ")) != NULL)
		messages = (unsigned)atoi(p + 9);
	if ((p = strstr(buf_cstr(&out), "UNSEEN ")) != NULL)
		unseen = (unsigned)atoi(p + 7);
	CHECK_INT_EQ(messages, SEEDED);
	CHECK(inbox != NULL && inbox->has_counts);
	if (inbox != NULL) {
		CHECK_INT_EQ(inbox->messages, messages);
		CHECK_INT_EQ(inbox->unseen, unseen);
	}
}

TEST(folders_come_with_special_use_and_counts_by_list_status_or_pipelined_status)
{
	struct vec v = VEC_INIT(struct imap_folder);
	struct err e;

	CHECK(imap_list_folders(S, IMAP_LIST_COUNTS, &v, &e) == 0);
	check_folders(&v);
	imap_folders_free(&v);
	vec_init(&v, sizeof(struct imap_folder));
	CHECK(imap_list_folders(F, IMAP_LIST_COUNTS, &v, &e) == 0);	/* STATUS each */
	check_folders(&v);
	imap_folders_free(&v);
}

TEST(special_use_is_guessed_by_name_without_special_use)
{
	CHECK_INT_EQ(imap_special_use_guess("INBOX.Sent Items", '.'), IMAP_MBOX_SENT);
	CHECK_INT_EQ(imap_special_use_guess("Deleted Messages", '/'), IMAP_MBOX_TRASH);
	CHECK_INT_EQ(imap_special_use_guess("spam", '.'), IMAP_MBOX_JUNK);
	CHECK_INT_EQ(imap_special_use_guess("Entwürfe", '.'), IMAP_MBOX_DRAFTS);
	CHECK_INT_EQ(imap_special_use_guess("Projects.Sent stuff", '.'), 0);
}

TEST(non_ascii_folders_round_trip_as_modified_utf7)
{
	struct vec v = VEC_INIT(struct imap_folder);
	const struct imap_folder *f;
	struct err e;

	CHECK(imap_folder_create(S, "Entwürfe", &e) == 0);
	CHECK(imap_folder_create(S, "Čeština", &e) == 0);
	pycheck(&out, "list");
	CHECK(strstr(buf_cstr(&out), "Entw&APw-rfe\n") != NULL);
	CHECK(strstr(buf_cstr(&out), "&AQw-e&AWE-tina\n") != NULL);
	CHECK(imap_list_folders(S, 0, &v, &e) == 0);
	f = folder(&v, "Čeština");
	CHECK(f != NULL && strcmp(f->raw, "&AQw-e&AWE-tina") == 0);
	CHECK(f != NULL && imap_folder_rename(S, f->raw, "Čeština 2", &e) == 0);
	pycheck(&out, "list");
	CHECK(strstr(buf_cstr(&out), "&AQw-e&AWE-tina 2\n") != NULL);
	CHECK(strstr(buf_cstr(&out), "&AQw-e&AWE-tina\n") == NULL);
	CHECK(imap_folder_delete(S, "&AQw-e&AWE-tina 2", &e) == 0);
	pycheck(&out, "list");
	CHECK(strstr(buf_cstr(&out), "&AQw-e&AWE-tina") == NULL);
	CHECK(imap_folder_create(S, "Entwürfe", &e) < 0);	/* exists: the server says no */
	CHECK_INT_EQ(e.scope, ERR_FOLDER);
	CHECK(strstr(e.msg, "creating folder \"Entwürfe\"") != NULL);
	printf("# %s\n", e.msg);
	CHECK(imap_session_alive(S));
	imap_folders_free(&v);
}

struct headers {
	unsigned n;
	uint32_t max_uid;
	bool all_have_subject, all_have_flags;
};

static int
on_header(void *arg, const struct imap_msg *m, struct err *e)
{
	struct headers *h = arg;

	(void)e;
	h->n++;
	h->max_uid = m->uid > h->max_uid ? m->uid : h->max_uid;
	if (!mem_has(m->header, m->header_len, "Subject:") || m->internaldate <= 0 ||
	    m->size == 0 || m->modseq == 0)
		h->all_have_subject = false;
	return 0;
}

TEST(select_then_fetch_the_summaries_of_1000_messages)
{
	struct imap_mailbox mb;
	struct headers h = { 0, 0, true, true };
	struct imap_seqset all;
	struct err e;
	double t;

	imap_mailbox_init(&mb);
	if (select_ok(S, "INBOX", &mb)) {
		pycheck(&out, "status INBOX");
		CHECK_INT_EQ(mb.exists, SEEDED);
		CHECK_INT_EQ(mb.uidnext, SEEDED + 1);
		CHECK(mb.uidvalidity != 0 && strstr(buf_cstr(&out), "UIDVALIDITY") != NULL &&
		    (uint32_t)atoll(strstr(buf_cstr(&out), "UIDVALIDITY") + 12) == mb.uidvalidity);
		CHECK(mb.highestmodseq > 0 && !mb.readonly);
		CHECK(mb.permanent.bits & IMAP_FLAG_SEEN);
	}
	set_of(&all, 1, IMAP_STAR);
	t = now_s();
	CHECK(imap_fetch_headers(S, &all, on_header, &h, &e) == 0);
	t = now_s() - t;
	printf("# %u summaries in %.3f s\n", h.n, t);
	CHECK_INT_EQ(h.n, SEEDED);
	CHECK_INT_EQ(h.max_uid, SEEDED);
	CHECK(h.all_have_subject);
	imap_seqset_free(&all);
	imap_mailbox_free(&mb);
}

TEST(body_fetch_is_byte_exact_and_leaves_seen_alone)
{
	struct buf body = BUF_INIT, part = BUF_INIT;
	struct err e;

	pycheck(NULL, "store INBOX 20 -FLAGS '(\\Seen)'");
	CHECK(imap_fetch_body(S, 20, NULL, &body, &e) == 0);
	pycheck(&out, "fetch INBOX 20");
	CHECK(body.len > 500);
	CHECK_MEM_EQ(body.data, body.len, out.data, out.len);
	CHECK(imap_fetch_body(S, 20, "HEADER", &part, &e) == 0);
	CHECK(part.len > 100 && part.len < body.len && memcmp(part.data, body.data, part.len) == 0);
	pycheck(&out, "flags INBOX 20");
	CHECK(strstr(buf_cstr(&out), "\\Seen") == NULL);
	printf("# flags after the fetch: %s", buf_cstr(&out));
	CHECK(imap_fetch_body(S, 99999, NULL, &body, &e) < 0);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	printf("# %s\n", e.msg);
	buf_free(&body);
	buf_free(&part);
}

/* A message whose body looks like server responses, and like the tags of this session. */
static void
make_tricky(struct buf *m)
{
	buf_adds(m, "From: Mallory <mallory@example.test>\r\nTo: alice@example.test\r\n"
	    "Subject: looks like IMAP\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n");
	buf_adds(m, "* 99 EXISTS\r\nA001 OK\r\nt3 OK done\r\n* BYE not really\r\n+ go on\r\n"
	    "* 5 FETCH (UID 5 BODY[] {3}\r\nabc)\r\n");
	for (unsigned i = 1; i <= 400; i++)
		buf_addf(m, "t%u OK done\r\n", i);
	buf_adds(m, "{99999}\r\nthe end\r\n");
}

TEST(a_literal_holding_fake_responses_is_read_exactly_and_the_session_stays_in_step)
{
	struct buf msg = BUF_INIT, body = BUF_INIT;
	struct imap_mailbox mb;
	char path[512];
	struct err e;
	uint32_t uid;

	make_tricky(&msg);
	snprintf(path, sizeof(path), "%s/tricky.eml", sbx.dir);
	write_file(path, msg.data, msg.len);
	CHECK(pycheck(&out, "append INBOX '%s'", path) == 0);
	uid = (uint32_t)atoi(buf_cstr(&out));
	CHECK(uid > SEEDED);
	ev.exists = 0;
	CHECK(imap_noop(S, &e) == 0);
	CHECK_INT_EQ(ev.exists, SEEDED + 1);	/* the append, seen as an event */
	CHECK(imap_fetch_body(S, uid, NULL, &body, &e) == 0);
	CHECK_MEM_EQ(body.data, body.len, msg.data, msg.len);
	CHECK(imap_noop(S, &e) == 0);
	CHECK_INT_EQ(ev.exists, SEEDED + 1);	/* no "99 EXISTS" crept in */
	imap_mailbox_init(&mb);
	CHECK(select_ok(S, "INBOX", &mb) && mb.exists == SEEDED + 1);
	CHECK(imap_session_alive(S));
	imap_mailbox_free(&mb);
	buf_free(&msg);
	buf_free(&body);
}

TEST(store_sets_and_clears_flags_and_keywords_as_imaplib_sees)
{
	static const char *const kw[] = { "$Label1", NULL };
	static const char *const bad[] = { "no good", NULL };
	struct imap_seqset set;
	struct err e;

	set_of(&set, 1, 3);
	CHECK(imap_store(S, &set, IMAP_STORE_ADD, IMAP_FLAG_FLAGGED, kw, &e) == 0);
	pycheck(&out, "flags INBOX 2");
	CHECK(strstr(buf_cstr(&out), "\\Flagged") != NULL);
	CHECK(strstr(buf_cstr(&out), "$Label1") != NULL);
	CHECK(imap_store(S, &set, IMAP_STORE_REMOVE, IMAP_FLAG_FLAGGED, NULL, &e) == 0);
	pycheck(&out, "flags INBOX 3");
	CHECK(strstr(buf_cstr(&out), "\\Flagged") == NULL);
	CHECK(strstr(buf_cstr(&out), "$Label1") != NULL);
	CHECK(imap_store(S, &set, IMAP_STORE_ADD, 0, bad, &e) < 0);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	CHECK(imap_session_alive(S));
	imap_seqset_free(&set);
}

TEST(copy_reports_the_new_uids_imaplib_finds)
{
	struct imap_seqset set, to;
	struct buf want = BUF_INIT;
	struct vec uids = VEC_INIT(uint32_t);
	struct err e;

	set_of(&set, 1, 5);
	imap_seqset_init(&to);
	CHECK(imap_copy(S, &set, "Archive", &to, &e) == 0);
	CHECK(imap_seqset_expand(&to, &uids, 100, &e) == 0);
	format_uids(&want, &uids);
	CHECK_STR_EQ(py_uids("Archive"), buf_cstr(&want));
	CHECK_INT_EQ(uids.len, 5);
	vec_free(&uids);
	buf_free(&want);
	imap_seqset_free(&set);
	imap_seqset_free(&to);
}

TEST(move_with_move_and_by_copy_store_expunge_as_imaplib_sees)
{
	struct imap_mailbox mb;
	struct imap_seqset set;
	struct err e, warn;

	set_of(&set, 6, 8);
	CHECK(imap_move(S, &set, "Trash", &warn, &e) == 0);
	CHECK(!err_isset(&warn));
	CHECK_STR_EQ(py_uids("Trash"), "1 2 3");
	CHECK(strstr(py_uids("INBOX"), " 6 ") == NULL && strstr(buf_cstr(&out), " 8 ") == NULL);
	imap_seqset_free(&set);
	imap_mailbox_init(&mb);
	set_of(&set, 9, 10);
	if (select_ok(F, "INBOX", &mb))
		CHECK(imap_move(F, &set, "Junk", &warn, &e) == 0);
	CHECK(!err_isset(&warn));	/* UIDPLUS: only these two were expunged */
	CHECK_STR_EQ(py_uids("Junk"), "1 2");
	CHECK(strstr(py_uids("INBOX"), " 9 ") == NULL && strstr(buf_cstr(&out), " 10 ") == NULL);
	CHECK(strstr(buf_cstr(&out), " 11 ") != NULL);
	imap_mailbox_free(&mb);
	imap_seqset_free(&set);
}

TEST(uid_expunge_removes_only_the_named_deleted_messages)
{
	struct imap_seqset set;
	struct err e;

	set_of(&set, 11, 12);
	CHECK(imap_store(S, &set, IMAP_STORE_ADD, IMAP_FLAG_DELETED, NULL, &e) == 0);
	imap_seqset_free(&set);
	set_of(&set, 11, 11);
	ev.expunges = ev.vanished = 0;
	CHECK(imap_expunge_uids(S, &set, &e) == 0);
	CHECK(ev.vanished + ev.expunges >= 1);	/* VANISHED, QRESYNC being on */
	py_uids("INBOX");
	CHECK(strstr(buf_cstr(&out), " 11 ") == NULL && strstr(buf_cstr(&out), " 12 ") != NULL);
	imap_seqset_free(&set);
}

/* APPEND on s, then imaplib fetches the message back from the UID taube was told. */
static void
append_and_check(struct imap_session *s, const char *raw, const char *msg)
{
	int64_t date = 1700000000;	/* 2023-11-14 22:13:20 UTC */
	uint32_t uid = 0;
	struct err e;
	char arg[300];

	if (imap_append(s, raw, msg, strlen(msg), IMAP_FLAG_DRAFT | IMAP_FLAG_SEEN, date, &uid,
	    &e) < 0)
		CHECK_FAIL_AT("append to %s: %s", raw, e.msg);
	CHECK(uid > 0);
	snprintf(arg, sizeof(arg), "fetch '%s' %" PRIu32, raw, uid);
	pycheck(&out, "%s", arg);
	CHECK_MEM_EQ(out.data, out.len, msg, strlen(msg));
	snprintf(arg, sizeof(arg), "flags '%s' %" PRIu32, raw, uid);
	pycheck(&out, "%s", arg);
	CHECK(strstr(buf_cstr(&out), "\\Draft") != NULL && strstr(buf_cstr(&out), "\\Seen"));
	snprintf(arg, sizeof(arg), "date '%s' %" PRIu32, raw, uid);
	pycheck(&out, "%s", arg);
	CHECK_INT_EQ(atoll(buf_cstr(&out)), date);
}

TEST(append_with_flags_and_date_with_and_without_literal_plus)
{
	static const char msg[] = "From: Alice <alice@example.test>\r\nSubject: draft\r\n"
	    "\r\nNot finished yet.\r\n* 3 EXPUNGE\r\n";
	struct err e;

	append_and_check(S, "Drafts", msg);
	append_and_check(F, "Entw&APw-rfe", msg);	/* waits for "+" before the literal */
	CHECK(imap_append(S, "Drafts", "a\0b", 3, 0, 0, NULL, &e) < 0);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	printf("# %s\n", e.msg);
	CHECK(imap_append(S, "No such folder", msg, strlen(msg), 0, 0, NULL, &e) < 0);
	CHECK_INT_EQ(e.scope, ERR_MESSAGE);
	printf("# %s\n", e.msg);
	CHECK(imap_session_alive(S) && imap_session_alive(F));
}

/* taube's UIDs for q on s (INBOX selected) against imaplib's for criteria. */
static void
search_both(struct imap_session *s, const struct imap_search *q, const char *criteria)
{
	struct vec uids = VEC_INIT(uint32_t);
	struct buf got = BUF_INIT;
	struct err e;

	if (imap_search(s, q, &uids, &e) < 0)
		CHECK_FAIL_AT("search %s: %s", criteria, e.msg);
	format_uids(&got, &uids);
	CHECK_STR_EQ(buf_cstr(&got), py_uids(criteria));
	printf("# %s: %zu\n", criteria, uids.len);
	CHECK(uids.len > 0);
	vec_free(&uids);
	buf_free(&got);
}

TEST(search_finds_what_imaplib_finds_with_and_without_esearch)
{
	struct imap_search q1 = { .from = "weiss" };
	struct imap_search q2 = { .subject = "Änderungen" };
	struct imap_search q3 = { .unseen = true, .since = 1704067200 };	/* 1-Jan-2024 */
	struct imap_search q4 = { 0 };
	struct imap_mailbox mb;

	imap_mailbox_init(&mb);
	CHECK(imap_session_has(S, IMAP_CAP_ESEARCH) && !imap_session_has(F, IMAP_CAP_ESEARCH));
	for (int i = 0; i < 2; i++) {
		struct imap_session *s = i == 0 ? S : F;

		if (!select_ok(s, "INBOX", &mb))
			continue;
		search_both(s, &q1, "INBOX FROM weiss");
		search_both(s, &q2, "INBOX SUBJECT Änderungen");
		search_both(s, &q3, "INBOX UNSEEN SINCE 1-Jan-2024");
		search_both(s, &q4, "INBOX ALL");
	}
	imap_mailbox_free(&mb);
}

struct changes {
	uint32_t uid;
	bool answered;
};

static int
on_changed(void *arg, const struct imap_fetch *f, struct err *e)
{
	struct changes *c = arg;

	(void)e;
	if (f->uid == c->uid && (f->flags.bits & IMAP_FLAG_ANSWERED))
		c->answered = true;
	return 0;
}

TEST(qresync_select_and_changedsince_report_what_changed_elsewhere)
{
	struct imap_mailbox mb;
	struct imap_qresync q = { 0 };
	struct changes ch = { 30, false };
	struct imap_seqset all, gone;
	struct err e;

	imap_mailbox_init(&mb);
	if (!select_ok(S, "INBOX", &mb))
		return;
	q.uidvalidity = mb.uidvalidity;
	q.modseq = mb.highestmodseq;
	CHECK(select_ok(S, "Archive", &mb));
	pycheck(NULL, "store INBOX 30 +FLAGS '(\\Answered)'");
	pycheck(NULL, "expunge INBOX 31");
	if (imap_select(S, "INBOX", false, &q, &mb, on_changed, &ch, &e) < 0)
		CHECK_FAIL_AT("qresync select: %s", e.msg);
	CHECK(ch.answered);
	CHECK(imap_seqset_contains(&mb.vanished, 31) && !imap_seqset_contains(&mb.vanished, 30));
	CHECK(mb.highestmodseq > q.modseq);
	ch.answered = false;
	set_of(&all, 1, IMAP_STAR);
	imap_seqset_init(&gone);
	CHECK(imap_fetch_changed(S, &all, q.modseq, on_changed, &ch, &gone, &e) == 0);
	CHECK(ch.answered && imap_seqset_contains(&gone, 31));
	imap_seqset_free(&all);
	imap_seqset_free(&gone);
	imap_mailbox_free(&mb);
}

TEST(commands_in_flight_together_complete_each_with_its_answer)
{
	struct imap_pending p[4];
	struct imap_cmd c;
	struct err e;

	for (int i = 0; i < 4; i++) {
		imap_pending_init(&p[i], NULL, NULL);
		imap_session_cmd(S, &c, i == 2 ? "SELECT" : "NOOP");
		if (i == 2)
			imap_cmd_raw(&c, "NoSuchFolder");
		CHECK(imap_session_start(S, &c, &p[i], &e) == 0);
		imap_cmd_free(&c);
	}
	CHECK(imap_session_wait_all(S, &e) == 0);
	for (int i = 0; i < 4; i++) {
		CHECK(p[i].done && p[i].cond == (i == 2 ? IMAP_NO : IMAP_OK));
		imap_pending_free(&p[i]);
	}
	imap_session_set_selected(S, NULL);
}

TEST(idle_reports_new_mail_and_a_cancel_leaves_it_running)
{
	struct imap_session *s;
	struct imap_pending p;
	struct imap_mailbox mb;
	int pipefd[2];
	char path[512];
	struct err e;
	double end;

	CHECK(pipe(pipefd) == 0);
	s = connect_session(0, pipefd[0]);
	imap_mailbox_init(&mb);
	if (!select_ok(s, "INBOX", &mb) || imap_idle_start(s, &p, &e) < 0) {
		CHECK_FAIL_AT("idle: %s", e.msg);
		return;
	}
	snprintf(path, sizeof(path), "%s/tricky.eml", sbx.dir);
	ev.exists = 0;
	CHECK(pycheck(&out, "append INBOX '%s'", path) == 0);
	for (end = now_s() + 5; ev.exists != mb.exists + 1 && now_s() < end;)
		CHECK(imap_session_pump(s, 1000, &e) >= 0);
	CHECK_INT_EQ(ev.exists, mb.exists + 1);
	CHECK(write(pipefd[1], "x", 1) == 1);
	CHECK_INT_EQ(imap_session_pump(s, 5000, &e), IMAP_PUMP_CANCELLED);
	CHECK(read(pipefd[0], path, 1) == 1 && imap_session_alive(s));
	CHECK(imap_idle_done(s, &p, &e) == 0);
	CHECK(imap_noop(s, &e) == 0);
	imap_session_free(s);
	imap_mailbox_free(&mb);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void
on_progress(void *arg, uint64_t got, uint64_t total)
{
	uint64_t *seen = arg;

	seen[0] = got;
	seen[1] = total;
	seen[2]++;
}

TEST(a_large_body_reports_literal_progress)
{
	struct buf body = BUF_INIT;
	uint64_t seen[3] = { 0, 0, 0 };
	struct imap_mailbox mb;
	char path[512];
	struct err e;

	for (int i = 0; big.len < (2u << 20); i++)
		buf_addf(&big, "%s line %d of a long message, to be cut off in its middle\r\n",
		    i == 0 ? "Subject: big\r\n\r\n" : "", i);
	snprintf(path, sizeof(path), "%s/big.eml", sbx.dir);
	write_file(path, big.data, big.len);
	CHECK(pycheck(&out, "append INBOX '%s'", path) == 0);
	big_uid = (uint32_t)atoi(buf_cstr(&out));
	imap_mailbox_init(&mb);
	CHECK(select_ok(S, "INBOX", &mb));
	imap_mailbox_free(&mb);
	imap_session_on_progress(S, on_progress, seen);
	if (imap_fetch_body(S, big_uid, NULL, &body, &e) < 0)
		CHECK_FAIL_AT("fetch UID %" PRIu32 ": %s", big_uid, e.msg);
	imap_session_on_progress(S, NULL, NULL);
	CHECK_MEM_EQ(body.data, body.len, big.data, big.len);
	CHECK(seen[2] > 1 && seen[1] == big.len && seen[0] > big.len / 2);
	printf("# %" PRIu64 " progress reports for %zu bytes\n", seen[2], big.len);
	buf_free(&body);
}

TEST(a_connection_cut_in_the_middle_of_a_literal_is_a_clear_error)
{
	struct imap_session *s = imap_session_new();
	struct net_backoff b = { 2, 100, 200 };
	struct proxy px = { 0 };
	struct net_endpoint ep;
	struct buf body = BUF_INIT;
	struct imap_mailbox mb;
	char cert[512], key[512], upstream[16];
	const char *args[] = { "--upstream", upstream, "--tls", cert, key, "--cut-literal",
		"5000", NULL };
	struct err e;
	double t;

	snprintf(cert, sizeof(cert), "%s/tls/server.pem", sbx.dir);
	snprintf(key, sizeof(key), "%s/tls/server.key", sbx.dir);
	snprintf(upstream, sizeof(upstream), "%u", sbx.imap);
	CHECK(proxy_start(&px, args) == 0);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	ep.port = px.port;
	imap_mailbox_init(&mb);
	CHECK(imap_session_connect(s, &ep, &e) == 0 && select_ok(s, "INBOX", &mb));
	t = now_s();
	CHECK(imap_fetch_body(s, big_uid, NULL, &body, &e) < 0);
	t = now_s() - t;
	printf("# after %.2f s: %s\n", t, e.msg);
	CHECK(t < 5);
	CHECK(strstr(e.msg, "lost in the middle of a response (5000 of ") != NULL);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	CHECK(!imap_session_alive(s) && imap_session_fail(s) == NET_FAIL_NETWORK);
	CHECK(imap_noop(s, &e) < 0 && strstr(e.msg, "lost in the middle") != NULL);
	proxy_stop(&px);
	sbx_endpoint(&ep, NET_TLS_IMPLICIT);
	CHECK(imap_session_reconnect(s, &ep, &b, &e) == 0 && imap_noop(s, &e) == 0);
	imap_session_free(s);
	imap_mailbox_free(&mb);
	buf_free(&body);
}

TEST(teardown)
{
	imap_session_free(S);
	imap_session_free(F);
	buf_free(&out);
	buf_free(&big);
	net_global_cleanup();
}

CHECK_MAIN(setup,
    folders_come_with_special_use_and_counts_by_list_status_or_pipelined_status,
    special_use_is_guessed_by_name_without_special_use,
    non_ascii_folders_round_trip_as_modified_utf7,
    select_then_fetch_the_summaries_of_1000_messages,
    body_fetch_is_byte_exact_and_leaves_seen_alone,
    a_literal_holding_fake_responses_is_read_exactly_and_the_session_stays_in_step,
    store_sets_and_clears_flags_and_keywords_as_imaplib_sees,
    copy_reports_the_new_uids_imaplib_finds,
    move_with_move_and_by_copy_store_expunge_as_imaplib_sees,
    uid_expunge_removes_only_the_named_deleted_messages,
    append_with_flags_and_date_with_and_without_literal_plus,
    search_finds_what_imaplib_finds_with_and_without_esearch,
    qresync_select_and_changedsince_report_what_changed_elsewhere,
    commands_in_flight_together_complete_each_with_its_answer,
    idle_reports_new_mail_and_a_cancel_leaves_it_running,
    a_large_body_reports_literal_progress,
    a_connection_cut_in_the_middle_of_a_literal_is_a_clear_error,
    teardown)

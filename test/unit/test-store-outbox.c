/* Unit tests for store/outbox: queueing, listing, the retry schedule, giving up, sending, replies. */
#include "outbox-fixture.h"

#include <stdio.h>

TEST(outbox_open_creates_the_layout_privately)
{
	static const char *dirs[] = { "", "/tmp", "/new", "/cur", "/state",
		"/failed", "/failed/tmp", "/failed/new", "/failed/cur",
		"/failed/state" };
	struct fixture f;
	struct outbox *again;
	struct stat st;

	setup(&f);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *p = xasprintf("%s%s", f.path, dirs[i]);

		CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
		CHECK_INT_EQ(st.st_mode & 077, 0);
		free(p);
	}
	CHECK_STR_EQ(outbox_path(f.ob), f.path);
	CHECK(strstr(outbox_failed_path(f.ob), "/failed") != NULL);
	CHECK_INT_EQ(outbox_open(&again, f.path, &f.e), 0);
	outbox_close(again);
	teardown(&f);
}

TEST(outbox_open_names_a_path_it_cannot_create)
{
	char *top = check_tmpdir("outbox"), *file = xasprintf("%s/file", top);
	char *path = xasprintf("%s/file/work", top);
	struct outbox *ob = (struct outbox *)1;
	struct err e;

	put_file(file, "");
	err_clear(&e);
	CHECK_INT_EQ(outbox_open(&ob, path, &e), -1);
	CHECK(ob == NULL);
	CHECK(strstr(e.msg, file) != NULL);
	CHECK_INT_EQ(e.scope, ERR_ACCOUNT);
	free(path);
	free(file);
	check_rm_tree(top);
}

TEST(outbox_add_puts_the_exact_message_and_its_state_on_disk)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p, *got;

	setup(&f);
	id = add(&f, T0);
	CHECK(maildir_name_ok(id));
	/* as composed, Bcc included: the sender strips it */
	p = xasprintf("%s/new/%s", f.path, id);
	CHECK((got = slurp(p)) != NULL && strcmp(got, msg) == 0);
	free(got);
	free(p);
	p = xasprintf("%s/state/%s", f.path, id);
	CHECK((got = slurp(p)) != NULL && strstr(got, "queued 1700000000\n"));
	free(got);
	free(p);
	CHECK_INT_EQ(count_in(f.path, "tmp"), 0);
	list(&f, OUTBOX_QUEUE, T0 + 5, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, id);
		CHECK_INT_EQ(entry(&v, 0)->queued, T0);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 0);
		CHECK_INT_EQ(entry(&v, 0)->last_attempt, 0);
		CHECK_INT_EQ(entry(&v, 0)->next_due, T0);
		CHECK_INT_EQ(entry(&v, 0)->failed, 0);
		CHECK(entry(&v, 0)->reply == NULL);
		CHECK(!entry(&v, 0)->state_lost);
	}
	list(&f, OUTBOX_FAILED, T0, &v);
	CHECK_INT_EQ(v.len, 0);
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_add_refuses_an_empty_message)
{
	struct fixture f;
	char *id = NULL;

	setup(&f);
	CHECK_INT_EQ(outbox_add(f.ob, "", 0, T0, &id, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_MESSAGE);
	CHECK(id == NULL);
	CHECK_INT_EQ(count_in(f.path, "new") + count_in(f.path, "tmp") +
	    count_in(f.path, "state"), 0);
	teardown(&f);
}

TEST(outbox_list_shows_the_oldest_first)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *late, *early;

	setup(&f);
	late = add(&f, T0 + 100);
	early = add(&f, T0);
	list(&f, OUTBOX_QUEUE, T0 + 200, &v);
	CHECK_INT_EQ(v.len, 2);
	if (v.len == 2) {
		CHECK_STR_EQ(entry(&v, 0)->id, early);
		CHECK_STR_EQ(entry(&v, 1)->id, late);
	}
	outbox_entries_free(&v);
	free(late);
	free(early);
	teardown(&f);
}

TEST(outbox_due_takes_what_is_due_or_everything_when_forced)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *a, *b;

	setup(&f);
	a = add(&f, T0);
	b = add(&f, T0);
	CHECK_INT_EQ(attempt(&f, a, OUTBOX_TEMPFAIL, "421 busy", T0), OUTBOX_WAITING);
	CHECK_INT_EQ(outbox_due(f.ob, T0 + 30, false, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1)
		CHECK_STR_EQ(entry(&v, 0)->id, b);
	outbox_entries_free(&v);
	vec_init(&v, sizeof(struct outbox_entry));
	CHECK_INT_EQ(outbox_due(f.ob, T0 + 30, true, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 2);
	outbox_entries_free(&v);
	vec_init(&v, sizeof(struct outbox_entry));
	CHECK_INT_EQ(outbox_due(f.ob, T0 + 60, false, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 2);
	outbox_entries_free(&v);
	free(a);
	free(b);
	teardown(&f);
}

TEST(outbox_backoff_is_1m_5m_15m_1h_then_2h)
{
	static const time_t want[] = { 0, 60, 300, 900, 3600, 7200, 7200, 7200,
		7200 };

	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_INT_EQ(outbox_backoff(i), want[i]);
	CHECK_INT_EQ(outbox_backoff(1000), OUTBOX_BACKOFF_MAX);
}

TEST(outbox_tempfail_schedules_each_retry_exactly)
{
	static const time_t steps[] = { 60, 300, 900, 3600, 7200, 7200, 7200 };
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	time_t now = T0;
	char *id, reply[64];

	setup(&f);
	id = add(&f, T0);
	for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(reply, sizeof(reply), "451 4.3.0 try %u", i + 1);
		CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, reply, now),
		    OUTBOX_WAITING);
		list(&f, OUTBOX_QUEUE, now, &v);
		CHECK_INT_EQ(v.len, 1);
		if (v.len != 1)
			break;
		CHECK_INT_EQ(entry(&v, 0)->attempts, i + 1);
		CHECK_INT_EQ(entry(&v, 0)->queued, T0);
		CHECK_INT_EQ(entry(&v, 0)->last_attempt, now);
		CHECK_INT_EQ(entry(&v, 0)->next_due - now, steps[i]);
		CHECK_STR_EQ(entry(&v, 0)->reply, reply);
		now = entry(&v, 0)->next_due;
	}
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_tempfail_gives_up_exactly_72_hours_after_queueing)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	time_t now = T0;
	unsigned n = 0;
	char *id, *got;
	int fate;

	setup(&f);
	id = add(&f, T0);
	/* 1m 5m 15m 1h, then 2h steps, the last one cut to fall on 72 h */
	while ((fate = attempt(&f, id, OUTBOX_TEMPFAIL, "452 4.3.1 full", now)) ==
	    OUTBOX_WAITING && ++n < 100) {
		list(&f, OUTBOX_QUEUE, now, &v);
		if (v.len != 1)
			break;
		CHECK(entry(&v, 0)->next_due <= T0 + OUTBOX_GIVE_UP);
		now = entry(&v, 0)->next_due;
	}
	CHECK_INT_EQ(fate, OUTBOX_GAVE_UP);
	CHECK_INT_EQ(now, T0 + OUTBOX_GIVE_UP);
	CHECK_INT_EQ(n, 40);
	list(&f, OUTBOX_QUEUE, now, &v);
	CHECK_INT_EQ(v.len, 0);
	list(&f, OUTBOX_FAILED, now, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, id);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 41);
		CHECK_INT_EQ(entry(&v, 0)->failed, T0 + OUTBOX_GIVE_UP);
		CHECK_STR_EQ(entry(&v, 0)->reply, "452 4.3.1 full");
		CHECK((got = slurp(entry(&v, 0)->path)) != NULL &&
		    strcmp(got, msg) == 0);
		free(got);
	}
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_tempfail_long_after_queueing_gives_up_at_once)
{
	struct fixture f;
	char *id;

	setup(&f);
	id = add(&f, T0);
	/* the machine was off for days: one more try, then the person is told */
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, NULL, T0 + 80 * 3600),
	    OUTBOX_GAVE_UP);
	CHECK_INT_EQ(count_in(f.path, "failed/new"), 1);
	free(id);
	teardown(&f);
}

TEST(outbox_permfail_moves_to_failed_at_once_with_the_reply)
{
	static const char reply[] =
	    "550 5.1.1 <bob@example.test>: Recipient address rejected";
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p, *got;

	setup(&f);
	id = add(&f, T0);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_PERMFAIL, reply, T0 + 5),
	    OUTBOX_GAVE_UP);
	list(&f, OUTBOX_QUEUE, T0 + 5, &v);
	CHECK_INT_EQ(v.len, 0);
	CHECK_INT_EQ(count_in(f.path, "state"), 0);
	list(&f, OUTBOX_FAILED, T0 + 10, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, id);
		CHECK_STR_EQ(entry(&v, 0)->reply, reply);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 1);
		CHECK_INT_EQ(entry(&v, 0)->queued, T0);
		CHECK_INT_EQ(entry(&v, 0)->failed, T0 + 5);
		CHECK(!entry(&v, 0)->state_lost);
		CHECK((got = slurp(entry(&v, 0)->path)) != NULL &&
		    strcmp(got, msg) == 0);
		free(got);
	}
	p = xasprintf("%s/failed/state/%s", f.path, id);
	CHECK(access(p, F_OK) == 0);
	free(p);
	/* no longer queued: nothing to claim */
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_SENT, NULL, T0 + 6), -1);
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_sent_removes_the_message_and_its_state)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	struct outbox_claim *c;
	char *id, *keep;

	setup(&f);
	keep = add(&f, T0);
	id = add(&f, T0);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, "421 later", T0), OUTBOX_WAITING);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_SENT, "250 2.0.0 Ok: queued",
	    T0 + 60), OUTBOX_REMOVED);
	list(&f, OUTBOX_QUEUE, T0 + 60, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1)
		CHECK_STR_EQ(entry(&v, 0)->id, keep);
	list(&f, OUTBOX_FAILED, T0 + 60, &v);
	CHECK_INT_EQ(v.len, 0);
	CHECK_INT_EQ(count_in(f.path, "state"), 1);
	CHECK_INT_EQ(count_in(f.path, "failed/state"), 0);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0 + 61, &c, &f.e), 0);
	CHECK(c == NULL);
	outbox_entries_free(&v);
	free(keep);
	free(id);
	teardown(&f);
}

TEST(outbox_reply_is_kept_as_one_line_without_control_bytes)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p, *got, *big;

	setup(&f);
	id = add(&f, T0);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL,
	    "451-4.7.1 first\r\n451 4.7.1 second \x1b[31mred\xff\r\n", T0),
	    OUTBOX_WAITING);
	list(&f, OUTBOX_QUEUE, T0, &v);
	if (v.len == 1)
		CHECK_STR_EQ(entry(&v, 0)->reply,
		    "451-4.7.1 first 451 4.7.1 second [31mred?");
	p = xasprintf("%s/state/%s", f.path, id);
	got = slurp(p);
	CHECK(got != NULL && strstr(got, "\r") == NULL);
	free(got);
	/* cut to OUTBOX_REPLY_MAX bytes, never inside a character */
	big = xmalloc(3 * OUTBOX_REPLY_MAX + 1);
	for (size_t i = 0; i < OUTBOX_REPLY_MAX; i++)
		memcpy(big + 3 * i, "\xe2\x82\xac", 3);
	big[3 * OUTBOX_REPLY_MAX] = '\0';
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, big, T0 + 60),
	    OUTBOX_WAITING);
	list(&f, OUTBOX_QUEUE, T0 + 60, &v);
	if (v.len == 1) {
		size_t len = strlen(entry(&v, 0)->reply);

		CHECK(len <= OUTBOX_REPLY_MAX && len > OUTBOX_REPLY_MAX - 3);
		CHECK_INT_EQ(len % 3, 0);
	}
	/* an attempt without a reply (the network failed) clears the old one */
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, NULL, T0 + 360),
	    OUTBOX_WAITING);
	list(&f, OUTBOX_QUEUE, T0 + 360, &v);
	if (v.len == 1) {
		CHECK(entry(&v, 0)->reply == NULL);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 3);
	}
	outbox_entries_free(&v);
	free(big);
	free(p);
	free(id);
	teardown(&f);
}

CHECK_MAIN(outbox_open_creates_the_layout_privately,
    outbox_open_names_a_path_it_cannot_create,
    outbox_add_puts_the_exact_message_and_its_state_on_disk,
    outbox_add_refuses_an_empty_message,
    outbox_list_shows_the_oldest_first,
    outbox_due_takes_what_is_due_or_everything_when_forced,
    outbox_backoff_is_1m_5m_15m_1h_then_2h,
    outbox_tempfail_schedules_each_retry_exactly,
    outbox_tempfail_gives_up_exactly_72_hours_after_queueing,
    outbox_tempfail_long_after_queueing_gives_up_at_once,
    outbox_permfail_moves_to_failed_at_once_with_the_reply,
    outbox_sent_removes_the_message_and_its_state,
    outbox_reply_is_kept_as_one_line_without_control_bytes)

/* Unit tests for store/outbox: lost or damaged state, locking between processes, SIGKILL, tidying. */
#include "outbox-fixture.h"

#include <signal.h>
#include <sys/wait.h>

TEST(outbox_missing_state_keeps_the_message_queued)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p;

	setup(&f);
	id = add(&f, T0);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, "421 x", T0), OUTBOX_WAITING);
	p = xasprintf("%s/state/%s", f.path, id);
	CHECK(unlink(p) == 0);
	list(&f, OUTBOX_QUEUE, T0 + 30, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK(entry(&v, 0)->state_lost);
		CHECK_INT_EQ(entry(&v, 0)->queued, T0 + 30);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 0);
		CHECK_INT_EQ(entry(&v, 0)->next_due, T0 + 30);
	}
	outbox_entries_free(&v);
	vec_init(&v, sizeof(struct outbox_entry));
	CHECK_INT_EQ(outbox_due(f.ob, T0 + 30, false, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 1);
	/* the next attempt writes a fresh state */
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, "421 y", T0 + 30),
	    OUTBOX_WAITING);
	CHECK(access(p, F_OK) == 0);
	list(&f, OUTBOX_QUEUE, T0 + 40, &v);
	if (v.len == 1) {
		CHECK(!entry(&v, 0)->state_lost);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 1);
		CHECK_INT_EQ(entry(&v, 0)->next_due, T0 + 90);
	}
	outbox_entries_free(&v);
	free(p);
	free(id);
	teardown(&f);
}

TEST(outbox_damaged_state_keeps_the_message_queued)
{
	static const char *damaged[] = {
		"",
		"garbage\n",
		"taube-outbox-state 1\n",
		"taube-outbox-state 1\nqueued 1700000000\nattempts 2\n",
		"taube-outbox-state 1\nqueued -5\nattempts 2\nnext-attempt 1\n",
		"taube-outbox-state 1\nqueued 17e8\nattempts 2\nnext-attempt 1\n",
		"taube-outbox-state 1\nqueued 1\nattempts 99999999\nnext-attempt 1\n",
		("taube-outbox-state 1\nqueued 1\nattempts 1\nnext-attempt "
		    "99999999999999999999\n"),
		"taube-outbox-state 9\nqueued 1\nattempts 1\nnext-attempt 1\n",
	};
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p, *big;

	setup(&f);
	id = add(&f, T0);
	p = xasprintf("%s/state/%s", f.path, id);
	for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		put_file(p, damaged[i]);
		list(&f, OUTBOX_QUEUE, T0 + 7, &v);
		CHECK_INT_EQ(v.len, 1);
		if (v.len != 1)
			continue;
		if (!entry(&v, 0)->state_lost)
			CHECK_FAIL_AT("damaged state %zu was taken as good", i);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 0);
		CHECK_INT_EQ(entry(&v, 0)->next_due, T0 + 7);
	}
	/* too big to be a state file, and a directory in its place */
	big = xmalloc(20000);
	memset(big, 'x', 19999);
	big[19999] = '\0';
	put_file(p, big);
	list(&f, OUTBOX_QUEUE, T0 + 7, &v);
	CHECK(v.len == 1 && entry(&v, 0)->state_lost);
	CHECK(unlink(p) == 0 && mkdir(p, 0700) == 0);
	list(&f, OUTBOX_QUEUE, T0 + 7, &v);
	CHECK(v.len == 1 && entry(&v, 0)->state_lost);
	outbox_entries_free(&v);
	free(big);
	free(p);
	free(id);
	teardown(&f);
}

TEST(outbox_state_with_lines_from_a_later_taube_is_read)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id, *p;

	setup(&f);
	id = add(&f, T0);
	p = xasprintf("%s/state/%s", f.path, id);
	put_file(p, "taube-outbox-state 1\nqueued 1700000000\npriority 3\n"
	    "attempts 2\nurgent\nnext-attempt 1700000360\n"
	    "last-attempt 1700000060\nreply 421 4.4.2 timeout\n");
	list(&f, OUTBOX_QUEUE, T0 + 100, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK(!entry(&v, 0)->state_lost);
		CHECK_INT_EQ(entry(&v, 0)->attempts, 2);
		CHECK_INT_EQ(entry(&v, 0)->next_due, T0 + 360);
		CHECK_INT_EQ(entry(&v, 0)->last_attempt, T0 + 60);
		CHECK_STR_EQ(entry(&v, 0)->reply, "421 4.4.2 timeout");
	}
	outbox_entries_free(&v);
	free(p);
	free(id);
	teardown(&f);
}

TEST(outbox_message_put_in_by_hand_is_queued_and_leftovers_in_tmp_are_not)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *p;

	setup(&f);
	p = xasprintf("%s/tmp/1.M1P1R1.cut-short", f.path);
	put_file(p, "From: half");
	free(p);
	list(&f, OUTBOX_QUEUE, T0, &v);
	CHECK_INT_EQ(v.len, 0);
	p = xasprintf("%s/new/2.M1P1R1.by-hand", f.path);
	put_file(p, msg);
	free(p);
	list(&f, OUTBOX_QUEUE, T0, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, "2.M1P1R1.by-hand");
		CHECK(entry(&v, 0)->state_lost);
	}
	CHECK_INT_EQ(attempt(&f, "2.M1P1R1.by-hand", OUTBOX_SENT, NULL, T0),
	    OUTBOX_REMOVED);
	list(&f, OUTBOX_QUEUE, T0, &v);
	CHECK_INT_EQ(v.len, 0);
	outbox_entries_free(&v);
	teardown(&f);
}

TEST(outbox_failed_message_without_state_is_listed)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *p;

	setup(&f);
	p = xasprintf("%s/failed/cur/3.M1P1R1.h:2,S", f.path);
	put_file(p, msg);
	free(p);
	list(&f, OUTBOX_FAILED, T0, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, "3.M1P1R1.h");
		CHECK(entry(&v, 0)->state_lost);
		CHECK_INT_EQ(entry(&v, 0)->failed, T0);
	}
	outbox_entries_free(&v);
	teardown(&f);
}

TEST(outbox_clock_set_back_does_not_hold_a_message_for_long)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct fixture f;
	char *id;

	setup(&f);
	id = add(&f, T0 + 86400);
	CHECK_INT_EQ(attempt(&f, id, OUTBOX_TEMPFAIL, NULL, T0 + 86400),
	    OUTBOX_WAITING);
	/* the clock is now a day behind: due at once, not in a day */
	CHECK_INT_EQ(outbox_due(f.ob, T0, false, &v, &f.e), 0);
	CHECK_INT_EQ(v.len, 1);
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_claim_reads_the_message_and_is_recorded_once)
{
	struct fixture f;
	struct outbox_claim *c;
	struct buf b = BUF_INIT;
	enum outbox_fate fate;
	char *id;

	setup(&f);
	id = add(&f, T0);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0, &c, &f.e), 1);
	if (c == NULL) {
		teardown(&f);
		return;
	}
	CHECK_STR_EQ(outbox_claim_entry(c)->id, id);
	CHECK_INT_EQ(outbox_claim_entry(c)->queued, T0);
	CHECK_INT_EQ(outbox_claim_read(c, &b, 1 << 20, &f.e), 0);
	CHECK_MEM_EQ(b.data, b.len, msg, sizeof(msg) - 1);
	buf_reset(&b);
	CHECK_INT_EQ(outbox_claim_read(c, &b, 10, &f.e), -1);
	CHECK_INT_EQ(b.len, 0);
	CHECK_INT_EQ(outbox_record(c, OUTBOX_TEMPFAIL, "421", T0, &fate, &f.e), 0);
	CHECK_INT_EQ(fate, OUTBOX_WAITING);
	CHECK_INT_EQ(outbox_claim_entry(c)->next_due, T0 + 60);
	err_clear(&f.e);
	CHECK_INT_EQ(outbox_record(c, OUTBOX_SENT, NULL, T0, &fate, &f.e), -1);
	CHECK(strstr(f.e.msg, id) != NULL);
	outbox_release(c);
	CHECK_INT_EQ(count_in(f.path, "new"), 1);
	err_clear(&f.e);
	CHECK_INT_EQ(outbox_claim(f.ob, "../../x", T0, &c, &f.e), -1);
	CHECK_INT_EQ(f.e.scope, ERR_MESSAGE);
	buf_free(&b);
	free(id);
	teardown(&f);
}

TEST(outbox_claim_excludes_a_second_claimer)
{
	struct fixture f;
	struct outbox *other;
	struct outbox_claim *c1, *c2;
	char *id;

	setup(&f);
	id = add(&f, T0);
	CHECK_INT_EQ(outbox_open(&other, f.path, &f.e), 0);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0, &c1, &f.e), 1);
	/* each claim opens the file anew: a separate open file description */
	CHECK_INT_EQ(outbox_claim(other, id, T0, &c2, &f.e), 0);
	CHECK(c2 == NULL);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0, &c2, &f.e), 0);
	outbox_release(c1);
	CHECK_INT_EQ(outbox_claim(other, id, T0, &c2, &f.e), 1);
	outbox_release(c2);
	outbox_close(other);
	free(id);
	teardown(&f);
}

TEST(outbox_claim_held_by_another_process_is_freed_when_it_is_killed)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	struct outbox_claim *c;
	struct fixture f;
	int fds[2], status;
	char *id, ok = 0;
	pid_t pid;

	setup(&f);
	id = add(&f, T0);
	CHECK(pipe(fds) == 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct outbox *ob;

		close(fds[0]);
		if (outbox_open(&ob, f.path, NULL) != 0 ||
		    outbox_claim(ob, id, T0, &c, NULL) != 1)
			_exit(1);
		(void)!write(fds[1], "c", 1);
		for (;;)
			pause();
	}
	close(fds[1]);
	CHECK(pid > 0);
	CHECK(read(fds[0], &ok, 1) == 1 && ok == 'c');
	close(fds[0]);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0, &c, &f.e), 0);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
	/* killed mid-attempt: still queued, and the kernel dropped its lock */
	list(&f, OUTBOX_QUEUE, T0, &v);
	CHECK_INT_EQ(v.len, 1);
	CHECK_INT_EQ(outbox_claim(f.ob, id, T0, &c, &f.e), 1);
	outbox_release(c);
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

TEST(outbox_message_added_by_a_process_killed_right_after_is_found)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	char got[256] = "", *bytes;
	struct fixture f;
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	setup(&f);
	CHECK(pipe(fds) == 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct outbox *ob;
		char *id = NULL;

		close(fds[0]);
		if (outbox_open(&ob, f.path, NULL) != 0 ||
		    outbox_add(ob, msg, sizeof(msg) - 1, T0, &id, NULL) != 0)
			_exit(1);
		(void)!write(fds[1], id, strlen(id));
		raise(SIGKILL);
		_exit(2);
	}
	close(fds[1]);
	CHECK(pid > 0);
	n = read(fds[0], got, sizeof(got) - 1);
	close(fds[0]);
	CHECK(n > 0);
	got[n > 0 ? n : 0] = '\0';
	CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGKILL);
	list(&f, OUTBOX_QUEUE, T0 + 1, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1) {
		CHECK_STR_EQ(entry(&v, 0)->id, got);
		CHECK(!entry(&v, 0)->state_lost);
		CHECK_INT_EQ(entry(&v, 0)->queued, T0);
		CHECK((bytes = slurp(entry(&v, 0)->path)) != NULL &&
		    strcmp(bytes, msg) == 0);
		free(bytes);
	}
	CHECK_INT_EQ(attempt(&f, got, OUTBOX_SENT, "250 ok", T0 + 2),
	    OUTBOX_REMOVED);
	outbox_entries_free(&v);
	teardown(&f);
}

TEST(outbox_tidy_removes_crash_leftovers_and_never_a_message)
{
	struct vec v = VEC_INIT(struct outbox_entry);
	time_t now = time(NULL);
	struct fixture f;
	char *id, *p[6], *state;

	setup(&f);
	id = add(&f, T0);
	p[0] = xasprintf("%s/tmp/1.M1P1R1.old", f.path);
	p[1] = xasprintf("%s/tmp/2.M1P1R1.young", f.path);
	p[2] = xasprintf("%s/state/3.M1P1R1.stray", f.path);
	p[3] = xasprintf("%s/state/4.M1P1R1.young-stray", f.path);
	p[4] = xasprintf("%s/state/.5.M1P1R1.x.0123456789abcdef.tmp", f.path);
	p[5] = xasprintf("%s/failed/state/6.M1P1R1.stray", f.path);
	for (size_t i = 0; i < 6; i++)
		put_file(p[i], "x");
	age_file(p[0], now - MAILDIR_TMP_MAX_AGE - 1);
	age_file(p[2], now - OUTBOX_STRAY_AGE - 1);
	age_file(p[4], now - MAILDIR_TMP_MAX_AGE - 1);
	age_file(p[5], now - OUTBOX_STRAY_AGE - 1);
	/* the real message's state is old too, but its message is there */
	state = xasprintf("%s/state/%s", f.path, id);
	age_file(state, now - 10 * OUTBOX_STRAY_AGE);
	CHECK_INT_EQ(outbox_tidy(f.ob, now, &f.e), 4);
	CHECK(access(p[0], F_OK) == -1 && access(p[2], F_OK) == -1 &&
	    access(p[4], F_OK) == -1 && access(p[5], F_OK) == -1);
	CHECK(access(p[1], F_OK) == 0 && access(p[3], F_OK) == 0);
	list(&f, OUTBOX_QUEUE, now, &v);
	CHECK_INT_EQ(v.len, 1);
	if (v.len == 1)
		CHECK(!entry(&v, 0)->state_lost);
	for (size_t i = 0; i < 6; i++)
		free(p[i]);
	free(state);
	outbox_entries_free(&v);
	free(id);
	teardown(&f);
}

CHECK_MAIN(outbox_missing_state_keeps_the_message_queued,
    outbox_damaged_state_keeps_the_message_queued,
    outbox_state_with_lines_from_a_later_taube_is_read,
    outbox_message_put_in_by_hand_is_queued_and_leftovers_in_tmp_are_not,
    outbox_failed_message_without_state_is_listed,
    outbox_clock_set_back_does_not_hold_a_message_for_long,
    outbox_claim_reads_the_message_and_is_recorded_once,
    outbox_claim_excludes_a_second_claimer,
    outbox_claim_held_by_another_process_is_freed_when_it_is_killed,
    outbox_message_added_by_a_process_killed_right_after_is_found,
    outbox_tidy_removes_crash_leftovers_and_never_a_message)

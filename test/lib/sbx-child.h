/*
 * sbx-child.h: what the C integration tests share besides their protocol:
 * reading the sandbox's environment, the clock, whole files, and a small
 * fake server (a python3 script) run as a child that prints its port.
 */
#ifndef TAUBE_TEST_SBX_CHILD_H
#define TAUBE_TEST_SBX_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

/* The variable, or a TAP bail-out naming the runner the test must be run through. */
static inline const char *
sbx_env_from(const char *name, const char *runner)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		printf("Bail out! %s is not set: run this test through %s\n", name, runner);
		exit(1);
	}
	return v;
}

static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole of a file, or an empty buffer. */
static inline void
read_file(struct buf *out, const char *path)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	buf_reset(out);
	if (f == NULL)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
}

/* True when needle occurs in hay[0..len) (binary-safe). */
static inline bool
mem_has(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	/* a loop, not memmem: gcc 12 warns about memmem on a buffer it thinks is "" */
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

/* A fake server in its own process; closing stdin_fd tells it to go. */
struct sbx_child {
	pid_t pid;
	int stdin_fd;
	unsigned port;
};

/* Runs argv (NULL-terminated) and reads the port it prints on its first line. */
static inline int
sbx_child_start(struct sbx_child *c, const char *const *argv)
{
	int in[2], out[2];
	char line[32] = "";
	size_t got = 0;

	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	fflush(stdout);
	c->pid = fork();
	if (c->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->stdin_fd = in[1];
	while (got < sizeof(line) - 1 && read(out[0], line + got, 1) == 1 && line[got] != '\n')
		got++;
	close(out[0]);
	c->port = (unsigned)atoi(line);
	return c->port != 0 ? 0 : -1;
}

static inline void
sbx_child_stop(struct sbx_child *c)
{
	if (c->pid <= 0)
		return;
	close(c->stdin_fd);
	kill(c->pid, SIGTERM);
	waitpid(c->pid, NULL, 0);
	c->pid = 0;
}

#endif

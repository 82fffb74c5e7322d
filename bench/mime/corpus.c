/* corpus.c: loading the message set into memory and timing passes over it. */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void *
must_realloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return p;
}

static void
usage(const char *prog, const char *modes)
{
	fprintf(stderr, "usage: %s -m %s [-r RUNS] [-n LIMIT] [-l LISTFILE] [PATH...]\n",
	    prog, modes);
	exit(2);
}

/* Whether mode is one of the '|'-separated names in modes. */
static int
mode_known(const char *modes, const char *mode)
{
	size_t n = strlen(mode);

	for (const char *p = modes; *p != '\0';) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, mode, n) == 0)
			return 1;
		p += len + (end != NULL);
	}
	return 0;
}

static int
read_file(const char *path, struct corpus_msg *m)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 8192, len = 0, n;
	char *data;

	if (f == NULL)
		return -1;
	data = must_realloc(NULL, cap + 1);
	while ((n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			data = must_realloc(data, cap + 1);
		}
	}
	if (ferror(f)) {
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	data[len] = '\0';
	m->data = data;
	m->len = len;
	return 0;
}

static void
add_file(struct corpus *c, const char *path)
{
	struct corpus_msg m;

	if (read_file(path, &m) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (c->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->msgs = must_realloc(c->msgs, c->cap * sizeof(*c->msgs));
	}
	c->msgs[c->count++] = m;
	c->bytes += m.len;
}

struct names {
	char **v;
	size_t len, cap;
};

static void
names_push(struct names *n, char *s)
{
	if (n->len == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 256;
		n->v = must_realloc(n->v, n->cap * sizeof(*n->v));
	}
	n->v[n->len++] = s;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects regular files under dir, skipping Maildir tmp/ and dot files. */
static void
walk_dir(struct names *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		exit(1);
	}
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *path;

		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
		    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		if (strcmp(e->d_name, "tmp") == 0)
			continue;
		path = must_realloc(NULL, n);
		snprintf(path, n, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_dir(out, path);
			free(path);
		} else if (S_ISREG(st.st_mode) && e->d_name[0] != '.') {
			names_push(out, path);
		} else {
			free(path);
		}
	}
	closedir(d);
}

static void
add_path(struct names *out, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (S_ISDIR(st.st_mode)) {
		struct names sub = { 0 };

		walk_dir(&sub, path);
		qsort(sub.v, sub.len, sizeof(*sub.v), cmp_name);
		for (size_t i = 0; i < sub.len; i++)
			names_push(out, sub.v[i]);
		free(sub.v);
	} else {
		names_push(out, strdup(path));
	}
}

static void
add_list(struct names *out, const char *listfile)
{
	FILE *f = fopen(listfile, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", listfile, strerror(errno));
		exit(1);
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0)
			names_push(out, strdup(line));
	}
	free(line);
	fclose(f);
}

void
corpus_main_args(int argc, char **argv, const char *modes, struct corpus_opts *o,
    struct corpus *c)
{
	struct names names = { 0 };
	int ch;

	memset(o, 0, sizeof(*o));
	memset(c, 0, sizeof(*c));
	o->repeat = 3;
	while ((ch = getopt(argc, argv, "m:r:n:l:")) != -1) {
		switch (ch) {
		case 'm':
			o->mode = optarg;
			break;
		case 'r':
			o->repeat = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			o->limit = (size_t)strtoull(optarg, NULL, 10);
			break;
		case 'l':
			add_list(&names, optarg);
			break;
		default:
			usage(argv[0], modes);
		}
	}
	if (o->mode == NULL || !mode_known(modes, o->mode) || o->repeat == 0)
		usage(argv[0], modes);
	for (int i = optind; i < argc; i++)
		add_path(&names, argv[i]);
	for (size_t i = 0; i < names.len; i++) {
		if (o->limit == 0 || c->count < o->limit)
			add_file(c, names.v[i]);
		free(names.v[i]);
	}
	free(names.v);
	if (c->count == 0) {
		fprintf(stderr, "%s: no messages given\n", argv[0]);
		exit(1);
	}
}

void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->msgs[i].data);
	free(c->msgs);
	memset(c, 0, sizeof(*c));
}

static double
corpus_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
corpus_time(const struct corpus *c, const struct corpus_opts *o, corpus_parse_fn *fn,
    void *ctx, struct corpus_tally *t)
{
	double best = -1;

	for (unsigned r = 0; r < o->repeat; r++) {
		struct corpus_tally pass = { 0 };
		double start = corpus_now(), took;

		for (size_t i = 0; i < c->count; i++)
			fn(&c->msgs[i], &pass, ctx);
		took = corpus_now() - start;
		if (best < 0 || took < best)
			best = took;
		*t = pass;
	}
	return best;
}

void
corpus_report(const char *parser, const char *version, const struct corpus_opts *o,
    const struct corpus *c, double best, const struct corpus_tally *t)
{
	printf("{\"parser\": \"%s\", \"version\": \"%s\", \"mode\": \"%s\", "
	    "\"messages\": %zu, \"bytes\": %llu, \"runs\": %u, \"seconds\": %.6f, "
	    "\"mb_per_s\": %.2f, \"msgs_per_s\": %.1f, \"parts\": %llu, "
	    "\"decoded_bytes\": %llu, \"check\": %llu}\n",
	    parser, version, o->mode, c->count, (unsigned long long)c->bytes, o->repeat,
	    best, (double)c->bytes / 1e6 / best, (double)c->count / best,
	    (unsigned long long)t->parts, (unsigned long long)t->decoded,
	    (unsigned long long)t->check);
	fflush(stdout);
}

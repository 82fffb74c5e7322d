/*
 * trust.h: the files that hold a verified connection's trust anchors: the
 * system's CA bundle, and ca_file joined to it in one file under the cache.
 *
 * The TLS library parses every anchor it is given on every connection, so
 * what it is given matters: the system directory holds each CA several
 * times (its own file, a hash link, and the bundle), the bundle once. A
 * libcurl takes one CA file, so ca_file, which is one more anchor, goes
 * into a copy of the bundle: $XDG_CACHE_HOME/taube/trust/ca-DIGEST.pem,
 * used only while its bytes are exactly the bundle, a newline and ca_file
 * (read and compared every time, rewritten atomically when they differ;
 * one left unused for a day is removed when another is written).
 * When that cannot be had, the files are the system directory and ca_file,
 * which trust the same anchors, only slower.
 */
#ifndef TAUBE_NET_TRUST_H
#define TAUBE_NET_TRUST_H

struct trust_files {
	char *cafile;	/* a PEM bundle to load, or NULL */
	char *capath;	/* a directory whose every file is loaded, or NULL */
};

/*
 * The system's CA bundle, allocated: builtin (the one libcurl was built
 * with) when not NULL, else the first readable one of the usual places;
 * NULL when there is none.
 */
char *trust_system_bundle(const char *builtin);

/*
 * Fills t for the system store (bundle, a file that may be NULL; dir, the
 * directory to use without one) plus ca_file when not NULL. A ca_file
 * holding no PEM certificate is never folded into a bundle: it is handed
 * on by itself, so that the TLS library refuses it by name as before.
 */
void trust_files_get(struct trust_files *t, const char *bundle, const char *dir,
    const char *ca_file);
void trust_files_free(struct trust_files *t);

#endif

/* msgid.c: fresh Message-IDs: 128 bits from the kernel's CSPRNG, written in base32. */
#include "mime/build.h"

#include <errno.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

#define MSGID_RANDOM_BYTES	16	/* 128 bits: 26 base32 characters */

/* SplitMix64: spreads each input bit over the whole word. */
static uint64_t
mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/*
 * Only when getrandom(2) itself is missing or forbidden (old kernel, a
 * seccomp filter): ids must still differ, even if they become guessable.
 * Clocks, process id and a stack address change from call to call and
 * from process to process.
 */
static void
fallback_bytes(unsigned char *p, size_t n)
{
	struct timespec real, mono;
	uint64_t seed, word = 0;

	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	seed = (uint64_t)real.tv_sec * 1000000007u ^ (uint64_t)real.tv_nsec ^
	    (uint64_t)mono.tv_nsec << 21 ^ (uint64_t)getpid() << 40 ^ (uint64_t)(uintptr_t)&word;
	for (size_t i = 0; i < n; i++) {
		if (i % 8 == 0)
			word = seed = mix64(seed);
		p[i] = (unsigned char)(word >> (8 * (i % 8)));
	}
}

static void
random_bytes(unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fallback_bytes(p, n);
			return;
		}
		got += (size_t)r;
	}
}

/* RFC 4648 base32 in lower case: case-blind readers and writers cannot merge two ids. */
static void
base32_lower(struct buf *out, const unsigned char *p, size_t n)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned acc = 0, bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8 | p[i]) & 0xfff;	/* at most 12 bits are pending */
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			buf_addc(out, alphabet[(acc >> bits) & 31]);
		}
	}
	if (bits > 0)
		buf_addc(out, alphabet[(acc << (5 - bits)) & 31]);
}

void
mime_make_message_id(struct buf *out, const char *domain)
{
	unsigned char rnd[MSGID_RANDOM_BYTES];

	random_bytes(rnd, sizeof(rnd));
	base32_lower(out, rnd, sizeof(rnd));
	buf_addc(out, '@');
	buf_adds(out, domain != NULL && domain[0] != '\0' ? domain : "localhost");
}

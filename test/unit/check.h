/*
 * check.h: a tiny unit-test harness that speaks TAP, so meson (protocol: 'tap')
 * and the project's test runner count every case.
 *
 * Use:
 *	TEST(buf_grows_past_its_first_capacity) { ... CHECK(x); CHECK_STR_EQ(a, b); }
 *	CHECK_MAIN(buf_grows_past_its_first_capacity, other_test, ...)
 */
#ifndef TAUBE_TEST_CHECK_H
#define TAUBE_TEST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct check_case {
	const char *name;
	void (*fn)(void);
};

/* Failures in the running case; reset before each case. */
static int check_failures;

#define TEST(name) static void test_##name(void)

#define CHECK_FAIL_AT(...)                                                   \
	do {                                                                 \
		check_failures++;                                            \
		printf("# %s:%d: ", __FILE__, __LINE__);                     \
		printf(__VA_ARGS__);                                         \
		printf("\n");                                                \
	} while (0)

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond))                                                 \
			CHECK_FAIL_AT("CHECK(%s) failed", #cond);            \
	} while (0)

#define CHECK_INT_EQ(a, b)                                                   \
	do {                                                                 \
		intmax_t check_a_ = (intmax_t)(a), check_b_ = (intmax_t)(b); \
		if (check_a_ != check_b_)                                    \
			CHECK_FAIL_AT("%s == %s: %jd != %jd", #a, #b, check_a_, \
			    check_b_);                                       \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                   \
	do {                                                                 \
		const char *check_a_ = (a), *check_b_ = (b);                 \
		if (check_a_ == NULL || check_b_ == NULL ||                  \
		    strcmp(check_a_, check_b_) != 0)                         \
			CHECK_FAIL_AT("%s == %s: \"%s\" != \"%s\"", #a, #b,  \
			    check_a_ ? check_a_ : "(null)",                  \
			    check_b_ ? check_b_ : "(null)");                 \
	} while (0)

#define CHECK_MEM_EQ(a, alen, b, blen)                                       \
	do {                                                                 \
		size_t check_al_ = (alen), check_bl_ = (blen);               \
		if (check_al_ != check_bl_ ||                                \
		    memcmp((a), (b), check_al_) != 0)                        \
			CHECK_FAIL_AT("%s == %s: bytes differ (%zu vs %zu)", \
			    #a, #b, check_al_, check_bl_);                   \
	} while (0)

/* The longest line in s, line ends not counted (for the 78/998 limits of mail). */
static inline size_t
check_longest_line(const char *s)
{
	size_t longest = 0, n;

	while (*s != '\0') {
		n = strcspn(s, "\r\n");
		if (n > longest)
			longest = n;
		s += n;
		s += strspn(s, "\r\n");
	}
	return longest;
}

/* Runs every case, prints TAP, returns the exit status for main. */
static inline int
check_run(const struct check_case *cases, size_t n)
{
	int failed = 0;

	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		check_failures = 0;
		cases[i].fn();
		printf("%sok %zu - %s\n", check_failures ? "not " : "", i + 1,
		    cases[i].name);
		fflush(stdout);
		if (check_failures)
			failed++;
	}
	return failed ? 1 : 0;
}

#define CHECK_CASE_(name) { #name, test_##name },
/* Expands CHECK_MAIN(a, b, c) into a table { {"a", test_a}, ... } via a helper list macro. */
#define CHECK_MAIN(...)                                                      \
	int main(void)                                                       \
	{                                                                    \
		static const struct check_case cases[] = {                   \
			CHECK_FOREACH_(CHECK_CASE_, __VA_ARGS__)             \
		};                                                           \
		return check_run(cases, sizeof(cases) / sizeof(cases[0]));   \
	}

/* A bounded FOREACH for up to 64 arguments. */
#define CHECK_FOREACH_(m, ...) CHECK_FE_N_(__VA_ARGS__, CHECK_FE_SEQ_)(m, __VA_ARGS__)
#define CHECK_FE_N_(...) CHECK_FE_ARG_(__VA_ARGS__)
#define CHECK_FE_ARG_(                                                       \
    _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16,   \
    _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30,    \
    _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44,    \
    _45, _46, _47, _48, N, ...) N
#define CHECK_FE_SEQ_                                                        \
	CHECK_FE48_, CHECK_FE47_, CHECK_FE46_, CHECK_FE45_, CHECK_FE44_,     \
	CHECK_FE43_, CHECK_FE42_, CHECK_FE41_, CHECK_FE40_, CHECK_FE39_,     \
	CHECK_FE38_, CHECK_FE37_, CHECK_FE36_, CHECK_FE35_, CHECK_FE34_,     \
	CHECK_FE33_, CHECK_FE32_, CHECK_FE31_, CHECK_FE30_, CHECK_FE29_,     \
	CHECK_FE28_, CHECK_FE27_, CHECK_FE26_, CHECK_FE25_, CHECK_FE24_,     \
	CHECK_FE23_, CHECK_FE22_, CHECK_FE21_, CHECK_FE20_, CHECK_FE19_,     \
	CHECK_FE18_, CHECK_FE17_, CHECK_FE16_, CHECK_FE15_, CHECK_FE14_,     \
	CHECK_FE13_, CHECK_FE12_, CHECK_FE11_, CHECK_FE10_, CHECK_FE9_,      \
	CHECK_FE8_, CHECK_FE7_, CHECK_FE6_, CHECK_FE5_, CHECK_FE4_,          \
	CHECK_FE3_, CHECK_FE2_, CHECK_FE1_
#define CHECK_FE1_(m, x) m(x)
#define CHECK_FE2_(m, x, ...) m(x) CHECK_FE1_(m, __VA_ARGS__)
#define CHECK_FE3_(m, x, ...) m(x) CHECK_FE2_(m, __VA_ARGS__)
#define CHECK_FE4_(m, x, ...) m(x) CHECK_FE3_(m, __VA_ARGS__)
#define CHECK_FE5_(m, x, ...) m(x) CHECK_FE4_(m, __VA_ARGS__)
#define CHECK_FE6_(m, x, ...) m(x) CHECK_FE5_(m, __VA_ARGS__)
#define CHECK_FE7_(m, x, ...) m(x) CHECK_FE6_(m, __VA_ARGS__)
#define CHECK_FE8_(m, x, ...) m(x) CHECK_FE7_(m, __VA_ARGS__)
#define CHECK_FE9_(m, x, ...) m(x) CHECK_FE8_(m, __VA_ARGS__)
#define CHECK_FE10_(m, x, ...) m(x) CHECK_FE9_(m, __VA_ARGS__)
#define CHECK_FE11_(m, x, ...) m(x) CHECK_FE10_(m, __VA_ARGS__)
#define CHECK_FE12_(m, x, ...) m(x) CHECK_FE11_(m, __VA_ARGS__)
#define CHECK_FE13_(m, x, ...) m(x) CHECK_FE12_(m, __VA_ARGS__)
#define CHECK_FE14_(m, x, ...) m(x) CHECK_FE13_(m, __VA_ARGS__)
#define CHECK_FE15_(m, x, ...) m(x) CHECK_FE14_(m, __VA_ARGS__)
#define CHECK_FE16_(m, x, ...) m(x) CHECK_FE15_(m, __VA_ARGS__)
#define CHECK_FE17_(m, x, ...) m(x) CHECK_FE16_(m, __VA_ARGS__)
#define CHECK_FE18_(m, x, ...) m(x) CHECK_FE17_(m, __VA_ARGS__)
#define CHECK_FE19_(m, x, ...) m(x) CHECK_FE18_(m, __VA_ARGS__)
#define CHECK_FE20_(m, x, ...) m(x) CHECK_FE19_(m, __VA_ARGS__)
#define CHECK_FE21_(m, x, ...) m(x) CHECK_FE20_(m, __VA_ARGS__)
#define CHECK_FE22_(m, x, ...) m(x) CHECK_FE21_(m, __VA_ARGS__)
#define CHECK_FE23_(m, x, ...) m(x) CHECK_FE22_(m, __VA_ARGS__)
#define CHECK_FE24_(m, x, ...) m(x) CHECK_FE23_(m, __VA_ARGS__)
#define CHECK_FE25_(m, x, ...) m(x) CHECK_FE24_(m, __VA_ARGS__)
#define CHECK_FE26_(m, x, ...) m(x) CHECK_FE25_(m, __VA_ARGS__)
#define CHECK_FE27_(m, x, ...) m(x) CHECK_FE26_(m, __VA_ARGS__)
#define CHECK_FE28_(m, x, ...) m(x) CHECK_FE27_(m, __VA_ARGS__)
#define CHECK_FE29_(m, x, ...) m(x) CHECK_FE28_(m, __VA_ARGS__)
#define CHECK_FE30_(m, x, ...) m(x) CHECK_FE29_(m, __VA_ARGS__)
#define CHECK_FE31_(m, x, ...) m(x) CHECK_FE30_(m, __VA_ARGS__)
#define CHECK_FE32_(m, x, ...) m(x) CHECK_FE31_(m, __VA_ARGS__)
#define CHECK_FE33_(m, x, ...) m(x) CHECK_FE32_(m, __VA_ARGS__)
#define CHECK_FE34_(m, x, ...) m(x) CHECK_FE33_(m, __VA_ARGS__)
#define CHECK_FE35_(m, x, ...) m(x) CHECK_FE34_(m, __VA_ARGS__)
#define CHECK_FE36_(m, x, ...) m(x) CHECK_FE35_(m, __VA_ARGS__)
#define CHECK_FE37_(m, x, ...) m(x) CHECK_FE36_(m, __VA_ARGS__)
#define CHECK_FE38_(m, x, ...) m(x) CHECK_FE37_(m, __VA_ARGS__)
#define CHECK_FE39_(m, x, ...) m(x) CHECK_FE38_(m, __VA_ARGS__)
#define CHECK_FE40_(m, x, ...) m(x) CHECK_FE39_(m, __VA_ARGS__)
#define CHECK_FE41_(m, x, ...) m(x) CHECK_FE40_(m, __VA_ARGS__)
#define CHECK_FE42_(m, x, ...) m(x) CHECK_FE41_(m, __VA_ARGS__)
#define CHECK_FE43_(m, x, ...) m(x) CHECK_FE42_(m, __VA_ARGS__)
#define CHECK_FE44_(m, x, ...) m(x) CHECK_FE43_(m, __VA_ARGS__)
#define CHECK_FE45_(m, x, ...) m(x) CHECK_FE44_(m, __VA_ARGS__)
#define CHECK_FE46_(m, x, ...) m(x) CHECK_FE45_(m, __VA_ARGS__)
#define CHECK_FE47_(m, x, ...) m(x) CHECK_FE46_(m, __VA_ARGS__)
#define CHECK_FE48_(m, x, ...) m(x) CHECK_FE47_(m, __VA_ARGS__)

#endif

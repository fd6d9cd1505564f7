/* test_sha256.c — kz_sha256 (src/core/sha256.c) gives libsodium's crypto_hash_sha256 digests, on
 * the SHA-instruction path (when this CPU has it) and on the libsodium one: every length from 0
 * to 300 bytes and longer texts, fed at once and in pieces of every size up to 130 bytes; and
 * the standard test vectors. */
#include "unit.h"
#include "core/sha256.h"

static unsigned char data[5000];

static void digest_pieces(const unsigned char *p, size_t n, size_t piece, unsigned char out[32])
{
    kz_sha256 s;
    kz_sha256_init(&s);
    for (size_t i = 0; i < n; i += piece)
        kz_sha256_update(&s, p + i, n - i < piece ? n - i : piece);
    kz_sha256_final(&s, out);
}

static void same_as_sodium(bool force_sodium)
{
    kz_sha256_force_sodium(force_sodium);
    unsigned char want[32], got[32];
    for (size_t n = 0; n <= sizeof data; n = n < 300 ? n + 1 : n + 997) {
        crypto_hash_sha256(want, data, n);
        for (size_t piece = 1; piece <= 130; piece += n > 300 ? 13 : 1) {
            digest_pieces(data, n, piece, got);
            assert_memory_equal(got, want, 32);
        }
        digest_pieces(data, n, n ? n : 1, got);
        assert_memory_equal(got, want, 32);
    }
    kz_sha256_force_sodium(false);
}

static void cpu_path_equals_sodium(void **state)
{
    (void)state;
    if (!kz_sha256_uses_cpu())
        print_message("(this CPU has no SHA instructions: libsodium only)\n");
    same_as_sodium(false);
}

static void sodium_path_equals_sodium(void **state)
{
    (void)state;
    same_as_sodium(true);
}

static void test_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *in, *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char h[32];
        char hex[65];
        digest_pieces((const unsigned char *)v[i].in, strlen(v[i].in), 7, h);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        assert_string_equal(hex, v[i].hex);
    }
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + (i >> 7) * 17 + 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpu_path_equals_sodium),
        cmocka_unit_test(sodium_path_equals_sodium),
        cmocka_unit_test(test_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

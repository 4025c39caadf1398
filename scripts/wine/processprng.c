/*
 * A stand-in for Windows' bcryptprimitives.dll, for running apidoctor's
 * Windows test binaries under Wine 8. Go >= 1.22 draws its random numbers
 * from ProcessPrng, which Wine 8 does not export; this forwards it to
 * RtlGenRandom (advapi32!SystemFunction036), which Wine has. Built by
 * scripts/wine-test.sh with x86_64-w64-mingw32-gcc; never shipped.
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *rtl_gen_random)(PVOID, ULONG);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	static rtl_gen_random gen;
	if (!gen) {
		HMODULE advapi = LoadLibraryA("advapi32.dll");
		if (!advapi)
			return FALSE;
		gen = (rtl_gen_random)GetProcAddress(advapi, "SystemFunction036");
		if (!gen)
			return FALSE;
	}
	while (len > 0) {
		ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
		if (!gen(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

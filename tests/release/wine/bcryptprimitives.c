/* A stand-in for Windows' bcryptprimitives.dll, for running our Windows build under Debian 12's
 * Wine 8.0, which does not have the DLL. Rust's standard library imports ProcessPrng from it
 * (Windows 10 and later have it); here it is answered by RtlGenRandom (advapi32's
 * SystemFunction036), which Wine implements. Built with mingw-w64 into the test's Wine prefix
 * by tests/release/run.sh; never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}

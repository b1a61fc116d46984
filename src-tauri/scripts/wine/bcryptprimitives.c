/* For running the Windows build under Wine 8 in tests only: Rust's standard library imports
 * ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks (real Windows 10/11 have it). This
 * stand-in fills the buffer from the system's RNG (RtlGenRandom, advapi32's SystemFunction036).
 * Built by the Wine test: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll this.c -ladvapi32 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}

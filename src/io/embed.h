// FANGPIN_EMBED(sym, "path"): compiles a file's bytes into the binary (.incbin), so shipped
// data (policy, region list, holiday calendars) needs no install step and the program runs
// from any directory. Defines sym_begin/sym_end (a NUL byte follows sym_end). Use it at
// namespace scope in exactly one .cpp per file, with an absolute path (pass it from CMake
// as a compile definition, and list the file in OBJECT_DEPENDS so edits rebuild).
#pragma once

#define FANGPIN_STR2(x) #x
#define FANGPIN_STR(x) FANGPIN_STR2(x)

#define FANGPIN_EMBED(sym, file)                                     \
  __asm__(".section .rodata\n"                                        \
          ".global " #sym "_begin\n"                                  \
          ".balign 16\n" #sym "_begin:\n"                             \
          ".incbin \"" file "\"\n"                                    \
          ".global " #sym "_end\n" #sym "_end:\n"                     \
          ".byte 0\n"                                                 \
          ".previous\n");                                             \
  extern "C" const char sym##_begin[];                                \
  extern "C" const char sym##_end[];


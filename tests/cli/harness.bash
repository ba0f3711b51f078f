# Shared harness of the CLI contract scripts (sourced, not run): counters, check, expect_rc,
# has, and a generator of valid resident IDs. Scripts print "N passed, M failed" at the end.
fails=0; passes=0
check() {  # check NAME COMMAND... : counts a pass if COMMAND succeeds
  local name=$1; shift
  if "$@"; then passes=$((passes+1)); else echo "FAIL: $name"; fails=$((fails+1)); fi
}
# expect_rc CODE COMMAND... : runs COMMAND (stdout → out.txt, stderr → err.txt), wants exit CODE.
expect_rc() { local want=$1; shift; "$@" >out.txt 2>err.txt; local rc=$?; [ "$rc" -eq "$want" ] || { echo "  rc=$rc want=$want: $*"; cat out.txt err.txt | head -20; return 1; }; }
# has TEXT : the last expect_rc printed TEXT.
has() { grep -q -- "$1" out.txt err.txt || { echo "  missing: $1"; cat out.txt err.txt | head -10; return 1; }; }
id() {  # id REGION6 BIRTH8 SEQ3 -> a valid 18-digit resident id (GB 11643 check digit)
  /usr/bin/python3 -c "
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; s='$1$2$3'
print(s+'10X98765432'[sum(int(c)*k for c,k in zip(s,w))%11])"
}

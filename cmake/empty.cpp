// Keeps a layer library non-empty before its first source file lands.

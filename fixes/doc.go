// Package fixes turns a finding into a working setup: each fix is a Plan
// that says what will change and why, previews the change as a diff (or
// the export lines), is tested live by running the engine with the
// candidate settings before anything is saved, is applied only when asked,
// and can be undone later.
//
// Every write goes through the Store: a backup first, an atomic write that
// keeps the file's mode, a refusal when the file changed since it was read,
// and an undo log. Files it does not own are edited in place: a settings
// JSON keeps every other key; a shell profile gets one marked block.
package fixes

# engine messages (en). Keep ids and arguments the same in every language: tests/messages.rs checks.

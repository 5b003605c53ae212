# catalog messages (en): errors of catalogue queries and price resolution a request can cause. Keep ids and arguments the same in every language: tests/messages.rs checks.

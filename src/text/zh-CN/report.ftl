# report messages (zh-CN). Keep ids and arguments the same in every language: tests/messages.rs checks.

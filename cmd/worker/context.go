package main

// contextStep is the nlp pipeline's clinical context step; nil until the
// nlp package lands on this branch.
var contextStep func(text string) (any, error)

% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: unterminated_block_comment.m:3:1: error: unterminated block comment (missing a line with only '%}')
%{
x = 1;

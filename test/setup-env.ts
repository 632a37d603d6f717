// Tests assert on responses; request logs would only bury jest's output.
process.env.SHARESIM_LOG_LEVEL ??= 'SILENT';

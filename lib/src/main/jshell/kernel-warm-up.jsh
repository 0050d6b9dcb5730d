// The makemore kernel runs this once as it starts, before the first cell (kernel.json: --warm-up).
// Cells never see it: its output and its declarations are dropped, and it takes only the time needed to
// compile it. It loads libtorch, which takes a second or more, on a thread of its own, so that the first
// cells compile meanwhile and the first DJL call finds the engine loaded (Torch.engine() waits for a load
// in progress). The thread is started in the kernel's thread group, not the cells', so stopping a cell
// never stops it. A load that fails here fails again, with its message, in the first cell that uses DJL.
{
    Runnable load = () -> {
        try {
            dev.makemore.Torch.engine();
        } catch (Throwable e) {
            // shown by the first cell that needs the engine
        }
    };
    Thread loader = new Thread(Thread.currentThread().getThreadGroup().getParent(), load, "makemore-warm-up");
    loader.setDaemon(true);
    loader.start();
}

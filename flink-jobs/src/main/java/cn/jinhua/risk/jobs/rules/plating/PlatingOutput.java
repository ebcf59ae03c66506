package cn.jinhua.risk.jobs.rules.plating;

import cn.jinhua.risk.jobs.alert.Alert;

/** Where the plating rules put what they decide: alerts, and sluice-closing orders to watch. */
public interface PlatingOutput {
    void alert(Alert alert);

    void closeSluice(SluiceCloseRequest request);
}

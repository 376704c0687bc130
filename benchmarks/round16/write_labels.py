import collections
import json

N = """重点 整体 在建 面积 竣工 以内 设置 滞后 低于 秋季 满意率 投用 责任 交付 入库 封顶 数据量 武汉市 增幅 覆盖面 规模 办法 试行 存量 市级 推迟 iv 价值 工作日内 用时 月底 时代
湖北 第一 区政府 各项 金额 签约率 合格率 第二 人数 意见 物资价值
目标 专项 计划 办结 年度 覆盖率 完工 上线 建成 预计 工作日 新建 全部 按时 二期 平均 雁湖 明年 暂未 报送 同步 主要 排名 时段 收尾 常态 一期 金桥 剩余 栗山 全市 辖区 阶段 其余 三季度 时间 总额 合格 年内 安澜 水平 部分 节点 基本 实际 另有 年底 分别 余万 总量 足额 省级 尚未 银滩 反复 前期 已报 指标 初步 较大 每千人 比例 到位 每月 以下 验收""".split()
W = """签约 临时 整治 整改 排查 查处 受理 治理 安装 改造 施工 资金 引进 培训 街道 共享 监管 生产 巡查 化解 演练 运行 设施 基层 经营 防控 压缩 规划 设备 便民 认定 执法 更新 监测 管控 行业 大道 储备 预警 群体 清理 人群 登记 保护 策划 监督 高峰 城乡 通车 违规 华中 片区 立案 提质 接待 处置 加装 扩建 智能化 考核 挖掘 千年 建设项目 后备 资源库 扶持 配建 配套 经费 下沉 工作者 标准化 特色 兑现 高峰时段 装置 线路 嵌入式 推出 开办 网上 成立 施划 汛前 夜间 采购 帮扶 居民
攻坚 集群 落地 精神 精品 队伍 干部 畅通 选址 站点 收集 检测 网络 合同 地方 压减 上门 进校园 进社区 建成区 安全检查 申请 品牌 优良 秩序 集团 修订 预案 挽回 综合治理 科技区域 招标 开学 浓度 提档 优质 免费 过渡 入户 数字 评审 许可 通道 用房 调处 产品 协商 设立 业态 从业人员 检验
深化 举办 发放 工程 城市 公共 推行 周边 机构 经济 主体 覆盖 政策 社会 群众 制度 人员 市场 能力 人民 办理 中心 服务中心 政府 接入 平台 帮助 机制 规范 走访 行为 设计 惠及 点位 系统 培育 搭建 高频 应用 智慧 手续 结构 滨江 细分 广泛开展 创建 资源 组建 影响 联合 督办 进入 体系 生活 处理 地区 空间 对接 交流 行政 配合 领导 发现 控制 主次 技术 模式 领域 公司 推介 沟通 开设 质量 筹备 梳理 国家 建工 集中 示范 大型 论证 整合 拟定 审核 申报 实体 做实 树立 评估 探索 公益 执行 分析 推送 机关 深入开展 在线 围绕 调度 现场 采取 局部 夯实 针对 核心 明确 协同 要素 措施 功能 系列 文件 建议 职责 议事 通报 需求 精细 精细化 参加 渠道 积极争取 消除 引入 改建 配备""".split()
assert not set(N) & set(W), set(N) & set(W)
rows = [json.loads(line) for line in open("benchmarks/round16/reasons-before.jsonl")]
raw = collections.Counter(w for r in rows for w in r["raw"])
could = collections.Counter(w for r in rows for w in r["could"])
unknown = [w for w in set(N) | set(W) if w not in raw]
print("labels for words not in dump:", unknown)
with open("benchmarks/round16/reason_labels.tsv", "w") as f:
    f.write(
        "# Round 16r: every word `related` could show as a reason on the top 5 of the related dev rows\n"
        "# (benchmarks/round16/reasons-before.jsonl, field raw), labelled by hand before any rule ran.\n"
        "# label: T topic (names what the work is about: a thing, field, group, named place);\n"
        "#        W weak (an action or setting of any field: 整治, 排查, 培训, 设施; a reader would not object to it, nor be told much);\n"
        "#        N not a topic (time, schedule, count, measure, comparison, status, ordinal, level, abstraction, own district/city).\n"
        "# word\tlabel\tshown_candidates\tin_not_topics\n"
    )
    nt = set(open("src/wrsearch/data/not_topics.txt").read().split())
    for w, n in raw.most_common():
        lab = "N" if w in N else "W" if w in W else "T"
        f.write(f"{w}\t{lab}\t{could.get(w, 0)}\t{int(w in nt)}\n")
# whole words (a fragment shown as the noun phrase it always stands in): not in raw, labelled too
with open("benchmarks/round16/reason_labels.tsv", "a") as f:
    for w, n in could.most_common():
        if w in raw:
            continue
        lab = "N" if w in N else "W" if w in W else "T"
        f.write(f"{w}\t{lab}\t{n}\t{int(w in nt)}\n")
